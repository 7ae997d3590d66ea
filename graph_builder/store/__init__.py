"""Store stage: merge `GraphBatch`es into the embedded store or Neo4j, and read them back."""
