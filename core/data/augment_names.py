"""The augmentation names, torch-free, so the training schema and the form can offer them.

core/data/augment.py implements them (and imports torch); this is the list users choose from.
"""
AUGMENTATIONS = ("hflip", "vflip", "rotate", "crop", "color", "blur", "erase")
DEFAULT_AUGMENT = ("hflip", "crop")
