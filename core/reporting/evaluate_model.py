"""Evaluate an existing model file on a labelled folder: the report a training run ends with, for any model.

    job = ModelEvaluation("weights/demo_fashion_mnist.pt", "data/demo", out_parent="runs")
    for progress in job.run():      # Progress per batch, then one for the report
        ...
    job.out_dir                     # the finished folder (core/reporting/evaluated_folder.py)

Everything that can be refused is refused in the constructor, before a folder exists: a model file
modelfile.py cannot load, a folder that is not labelled with the model's classes, an --out folder
that already holds files. The run writes into a hidden folder next to the destination and renames
it at the end, so an interrupted or failed evaluation leaves nothing behind, and a finished one
appears whole.

Class folders, decided here: the folder's subfolders are matched to the model's classes by name
(exactly, else case-insensitively, as predict.py does). Model classes without a folder are absent
from the test set (the report says so and leaves them out of the macro averages); subfolders that
are not classes of the model are left out with a note (their images can never be right, and the
confusion matrix has no row for them); no match at all is refused. A foreign file that does not
name its classes gets the folder's names in sorted order, as torchvision's ImageFolder numbers them.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from core.atomic import FILE_MODE, OWNER_FILE, atomic_write_text, remove_leftover_temps, remove_own_staging, staging_folder
from core.data.scan import _match_class, is_image_name, scan_images
from core.models.modelfile import assumed_note, load_model_file
from core.plural import counted
from core.reporting.evaluated_folder import EVALUATION, KIND, PROBABILITIES_CSV, SPLIT_NAMES, new_folder_path
from core.reporting.figure_text import figure_language, figure_tr, report_language
from core.training.run_folder import CSV_ENCODING, PREDICTION_COLUMNS, predictions_path, report_dir

SHOWN = 6   # names listed in a message before "…"


class EvaluationError(ValueError):
    """The evaluation cannot start; the message says why in one line."""


class EvaluationStopped(Exception):
    """should_stop() said stop: nothing was written."""


@dataclass
class Progress:
    stage: str   # "classifying" (done/total images) or "report" (the figures and heatmaps, then done)
    done: int
    total: int


def _names(names, limit: int = SHOWN) -> str:
    names = list(names)
    return ", ".join(names[:limit]) + (f" … ({len(names)} in all)" if len(names) > limit else "")


def _subfolders(data: Path) -> list[str]:
    with os.scandir(data) as entries:
        return sorted(e.name for e in entries if not e.name.startswith(".") and e.is_dir())


class ModelEvaluation:
    """One model file on one labelled folder; `run()` writes the evaluation folder."""

    def __init__(self, model, data, out=None, out_parent="runs", device: str = "auto", batch_size: int = 32,
                 report_language: str | None = None):
        self.model_path, self.data = Path(model), Path(data)
        self.device, self.batch_size = device, batch_size
        self.report_language = report_language  # the figures' words (write_report's `language`)
        self.notes: list[str] = []
        self.named_by_folders = False  # the model named no classes; the data's folders did
        self.metrics: dict = {}
        self.unreadable: list[tuple[str, str]] = []
        self.seconds = 0.0
        self.data = self.data.resolve()   # the CSVs' paths work from anywhere, and so do the review links
        if not self.data.is_dir():
            raise EvaluationError(f"{data} is not a folder" if self.data.exists() else f"no such folder: {data}")
        self.out_dir = self._destination(out, out_parent)
        self.loaded = load_model_file(self.model_path)   # ModelFileError: one line a user understands
        self.paths = self._labelled_images()
        self.notes[:0] = self._loader_notes()
        self.total = len(self.paths)

    def _loader_notes(self) -> list[str]:
        """The model loader's notes; where the data's folders named the classes, its "assumed" line is said again
        without them (it said "assumed: class names class_0..class_9", then that they were the folders)."""
        loaded = self.loaded
        if not self.named_by_folders:
            return list(loaded.notes)
        notes = [note for note in loaded.notes if not note.startswith("not in the file, so assumed:")]
        if loaded.assumed:
            notes.append(assumed_note(loaded.assumed, loaded.preprocess, loaded.class_names))
        return notes

    # -- what is refused before anything is written ------------------------------------------------
    def _destination(self, out, out_parent) -> Path:
        if out is None:
            return new_folder_path(out_parent, self.model_path, self.data)
        out = Path(out)
        if out.exists() and not out.is_dir():
            raise EvaluationError(f"--out {out} is a file, not a folder")
        if out.is_dir() and any(out.iterdir()):
            raise EvaluationError(f"--out {out} already holds files; GradLens never replaces them: name a new "
                                  "folder, or leave out --out for a new one under runs/")
        return out

    def _labelled_images(self) -> list[Path]:
        names = self.loaded.class_names
        folders = _subfolders(self.data)
        if "class_names" in self.loaded.assumed and len(folders) == len(names) and not set(folders) & set(names):
            self.loaded.class_names = names = folders   # torchvision's ImageFolder order
            self.loaded.assumed = [key for key in self.loaded.assumed if key != "class_names"]
            self.named_by_folders = True
            self.notes.append(f"{self.model_path.name} does not name its classes: its {len(names)} outputs are "
                              f"taken to be {self.data.name}'s folders in sorted order ({_names(names, 3)})")
        matched = {folder: _match_class(folder, names) for folder in folders}
        used = {folder: name for folder, name in matched.items() if name is not None}
        if not used:
            raise EvaluationError(self._no_classes(folders, names))
        extra = [folder for folder, name in matched.items() if name is None]
        if extra:
            verb = "is not a class" if len(extra) == 1 else "are not classes"
            self.notes.append(f"left out: {_names(extra)} in {self.data} {verb} of the model")
        absent = [name for name in names if name not in used.values()]
        if absent:
            self.notes.append(f"no folder for {_names(absent)}: absent from the report's test set")
        with os.scandir(self.data) as entries:
            loose = sum(1 for e in entries if e.is_file() and is_image_name(e.name))
        if loose:
            self.notes.append(f"left out: {counted(loose, 'image')} directly in {self.data}, in no class folder")
        paths = [path for folder in used for path in scan_images(self.data / folder)]
        if not paths:
            raise EvaluationError(f"no images in the class folders of {self.data} ({_names(used)})")
        return paths

    def _no_classes(self, folders: list[str], names: list[str]) -> str:
        splits = [folder for folder in folders if folder.lower() in SPLIT_NAMES]
        if splits:
            test = next((f for f in folders if f.lower() == "test"), splits[-1])
            return (f"{self.data} holds {', '.join(f + '/' for f in splits)} folders, not class folders: "
                    f"evaluate on {self.data / test}")
        if not folders:
            return (f"{self.data} has no class folders: a labelled folder has one subfolder of images per class "
                    f"({_names(names, 3)})")
        if "class_names" in self.loaded.assumed:
            return (f"{self.model_path.name} does not name its classes and {self.data} has {len(folders)} folders for "
                    f"its {len(names)} outputs: name them first (predict.py --model {self.model_path.name} "
                    "--classes A,B,... --save-model named.pt)")
        return (f"no folder in {self.data} ({_names(folders)}) is one of the model's classes "
                f"({_names(names)})")

    # -- the run -----------------------------------------------------------------------------------
    def run(self, should_stop: Callable[[], bool] | None = None) -> Iterator[Progress]:
        """Classify every image, then write the report; raises EvaluationStopped (nothing written) when
        should_stop() says so, and KeyboardInterrupt passes through the same way."""
        started = time.perf_counter()
        parent = self.out_dir.parent
        made_parent = not parent.exists()   # runs/ made for this: gone again if the evaluation is
        temp = owner = None
        try:  # from the first folder made: a Ctrl+C at any point takes back what this run made
            parent.mkdir(parents=True, exist_ok=True)
            remove_leftover_temps(parent)   # a killed evaluation's (or run's) abandoned staging folder
            temp, owner = staging_folder(parent)
            rows = yield from self._classify(should_stop)
            yield Progress("report", 0, 1)
            self._write(temp, rows, time.perf_counter() - started)
            if should_stop and should_stop():
                raise EvaluationStopped()
            os.close(owner)
            owner = None
            (temp / OWNER_FILE).unlink()
            os.chmod(temp, FILE_MODE | (FILE_MODE & 0o444) >> 2)   # mkdtemp's 0700 -> the user's usual rwxr-xr-x
            with contextlib.suppress(OSError):
                self.out_dir.rmdir()   # an empty --out folder the user made: replaced by the finished one
            os.rename(temp, self.out_dir)
        except BaseException:
            if owner is not None:
                os.close(owner)
            if temp is not None:
                shutil.rmtree(temp, ignore_errors=True)
            else:  # the interrupt came inside staging_folder: its folder may exist, its path not returned
                remove_own_staging(parent)
            if made_parent:
                with contextlib.suppress(OSError):
                    parent.rmdir()
            raise
        self.seconds = time.perf_counter() - started
        yield Progress("report", 1, 1)

    def _classify(self, should_stop):
        from core.inference.predict import Classifier, classify_files
        classifier = Classifier(self.loaded, self.device, cam_method="none", topk=self.loaded.num_classes)
        self.device = str(classifier.device)   # "auto" resolved: evaluation.json says where it ran
        index = {name: k for k, name in enumerate(self.loaded.class_names)}
        rows = []
        yield Progress("classifying", 0, self.total)
        for item in classify_files(classifier, self.paths, root=self.data, batch_size=self.batch_size,
                                   should_stop=should_stop):
            probs = None
            if item.error is None:
                probs = np.zeros(len(index))
                for name, p in item.topk:
                    probs[index[name]] = p
            else:
                self.unreadable.append((item.path, item.error))
            rows.append((item, probs))
            if len(rows) % self.batch_size == 0 or len(rows) == self.total:
                yield Progress("classifying", len(rows), self.total)
        if len(rows) < self.total:
            raise EvaluationStopped()
        if len(self.unreadable) == self.total:
            raise EvaluationError(f"none of the {self.total} images could be read; first: {self.unreadable[0][1]}")
        return rows

    def _write(self, folder: Path, rows, seconds: float) -> None:
        from core.reporting.report import write_report
        from core.training.run_folder import write_predictions_csv
        from core.training.train import _explainer, _load_image  # the heatmaps a training run's report has
        names = self.loaded.class_names
        good = [(item, probs) for item, probs in rows if probs is not None]
        paths = [item.path for item, _ in good]
        labels = np.array([names.index(item.true_class) for item, _ in good], dtype=int)
        probs = np.stack([p for _, p in good])
        with figure_language(report_language(self.report_language)):
            title = figure_tr("{0} ({1}) on {2}").format(self.loaded.arch, self.model_path.name, self.data.name)
        explain = _explainer(self.loaded, self.device)
        self.metrics = write_report(report_dir(folder), class_names=names, history=[], y_true=labels, probs=probs,
                                    paths=paths, load_image=_load_image, explain=explain, title=title,
                                    language=self.report_language)
        write_predictions_csv(predictions_path(folder, "test"), [(p, None) for p in paths], names,
                              {"labels": labels, "probs": probs})
        atomic_write_text(report_dir(folder) / PROBABILITIES_CSV, self._probabilities_csv(rows), encoding=CSV_ENCODING)
        record = {"kind": KIND, "model": str(self.model_path.resolve()), "model_name": self.model_path.name,
                  "arch": self.loaded.arch, "data": str(self.data.resolve()), "class_names": names,
                  "images": len(rows), "unreadable": len(self.unreadable), "notes": self.notes,
                  "device": str(self.device), "seconds": round(seconds, 1),
                  "date": datetime.now().isoformat(timespec="seconds")}
        atomic_write_text(folder / EVALUATION, json.dumps(record, indent=2, ensure_ascii=False) + "\n")

    def _probabilities_csv(self, rows) -> str:
        """path, true class, predicted, its probability, then p(<class>) for every class; an unreadable
        image keeps its row, with the reason instead of numbers."""
        names = self.loaded.class_names
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([*PREDICTION_COLUMNS, *(f"p({name})" for name in names), "error"])
        for item, probs in rows:
            if probs is None:
                writer.writerow([item.path, item.true_class, "", "", *([""] * len(names)), item.error])
                continue
            best = int(probs.argmax())
            writer.writerow([item.path, item.true_class, names[best], f"{probs[best]:.6f}",
                             *(f"{p:.6f}" for p in probs), ""])
        return buffer.getvalue()

    def summary_lines(self) -> list[str]:
        m = self.metrics
        lines = [f"accuracy {m.get('accuracy', float('nan')):.4f}  macro F1 {_number(m.get('macro_f1'))}  "
                 f"macro AUC {_number(m.get('macro_auc'))}  on {m.get('n_test', 0)} images"]
        if self.unreadable:
            left_out = "is" if len(self.unreadable) == 1 else "are"
            lines.append(f"{counted(len(self.unreadable), 'image')} could not be read and {left_out} left out; first: "
                         f"{self.unreadable[0][0]}: {self.unreadable[0][1]}")
        lines.append(f"report: {self.out_dir}")
        return lines


def _number(value) -> str:
    return "n/a" if value is None else f"{value:.4f}"
