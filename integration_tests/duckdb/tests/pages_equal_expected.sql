{#- off where the warehouse cannot run Python models (fakesnow, the BigQuery emulator) -#}
{{ config(enabled=var('integration_python_models', true)) }}
{{ equal_rows(ref('pages'), ref('expected_pages')) }}
