"""What a run is asked to do: inputs and flags, the config file, the sections they define, the
query grammar and category taxonomy they are checked against, and the settings built from them."""
