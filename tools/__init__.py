"""Developer tools that are not part of the numjit package (the differential fuzzer: tools.fuzz)."""
