"""The augmentation names, torch-free, so the training schema and the form can offer them.

core/data/augment.py implements them (and imports torch); this is the list users choose from.
"""
AUGMENTATIONS = ("hflip", "vflip", "rotate", "crop", "translate", "color", "blur", "erase", "trivialaugment",
                 "randaugment")
DEFAULT_AUGMENT = ("hflip", "crop")
DEFAULT_TRANSLATE = 0.125  # the fast CIFAR recipes' 4 pixels of 32, reflect-padded
