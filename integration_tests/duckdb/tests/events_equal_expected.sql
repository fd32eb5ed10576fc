{{ equal_rows(ref('events'), ref('expected_events')) }}
