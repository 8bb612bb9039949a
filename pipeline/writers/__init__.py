"""Writers: plain functions over records, one module per output format."""
