"""Export stage: the stored graph as a networkx MultiDiGraph and as JSON, GraphML or GEXF files."""
