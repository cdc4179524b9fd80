"""English: the labelled messages the English reading learns from and is tested on (`corpus/`)."""
