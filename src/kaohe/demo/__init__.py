"""Demo data: a realistic 机关党委 for trying kaohe, and a large one for benchmarks."""
