{{ equal_rows(ref('users'), ref('expected_users')) }}
