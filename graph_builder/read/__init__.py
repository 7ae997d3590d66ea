"""Read stage: files and folders in, `Article`s (or `ReadProblem`s) out, as a stream."""
