{{ equal_rows(ref('sessions'), ref('expected_sessions')) }}
