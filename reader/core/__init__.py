"""The Qt-free engine: loading, analysis, schema; the CLI, the GUI and the tests use it."""
