# PyInstaller runtime hook (build_scripts/sodanvan.spec): Pillow is not in the
# bundle (2.5 MiB on Windows), but ``reportlab.lib.utils`` imports
# ``from PIL import Image`` at module level.  The app draws no raster image
# into a PDF (no drawImage / ImageReader / platypus Image: docs/PACKAGING.md),
# so reportlab only needs the name: ``Image.Image`` (for its isinstance checks:
# nothing is a PIL image) and ``Image.open``, which raises OSError — what Pillow
# raises for a file it cannot read (openpyxl then drops an image it cannot
# read with a warning; the importer opens workbooks read-only and reads none).
import sys
import types

if "PIL" not in sys.modules:
    _pil = types.ModuleType("PIL")
    _pil.__path__ = []  # a package: "from PIL import X" of any other X fails with ImportError
    _image = types.ModuleType("PIL.Image")

    class _NoImage:
        """Stands for PIL.Image.Image; never instantiated."""

    def _open(fp, *args, **kwargs):
        raise OSError("Pillow is not in this bundle: raster images are not read")

    _image.Image = _NoImage
    _image.open = _open
    _pil.Image = _image
    sys.modules["PIL"] = _pil
    sys.modules["PIL.Image"] = _image
