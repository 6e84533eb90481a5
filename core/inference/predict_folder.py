"""A whole classification run: a folder (or one file) in, overlays and result files out.

`predict.py` iterates over it with a progress bar; the GUI's worker iterates over the same
object. Everything is written into a hidden staging folder inside the output folder and moved
into place at the end, so the output folder never holds half a run:
- a run stopped early (Stop, Ctrl+C, SIGTERM, SIGHUP) keeps the results of its finished images,
  except with `overwrite`, where the earlier run's results stay whole and this run's are dropped;
- a full disk stops the run and keeps what still fits (results.csv/.txt before overlays);
- a kill that allows no clean-up leaves only the staging folder, removed by the next run.
Under torchrun each process classifies its share and the first writes the results
(core/inference/predict_shards.py).
"""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

from core.atomic import OWNER_FILE, FileBusyError, remove_leftover_temps, remove_own_staging, staging_folder
from core.data.scan import is_labelled, scan_images
from core.inference.onnx_model import NO_CAM, OnnxModel
from core.inference.outputs import (
    OVERLAY_DIR,
    PANEL_DIR,
    OutputExists,
    OutputWriteError,
    OverlayWriter,
    check_no_overwrite,
    check_not_inside_outputs,
    check_out_dir,
    check_own_output_folders,
    commit_outputs,
    earlier_outputs,
    is_disk_full,
    output_folders,
    overlay_names,
    panel_name,
    write_results_csv,
    write_results_txt,
)
from core.inference.predict import Classifier, Prediction, classify_files
from core.inference.predict_shards import Shards
from core.interrupts import deferred
from core.models.modelfile import LoadedModel
from core.plural import counted
from core.training import distributed

log = logging.getLogger(__name__)


class FolderPrediction:
    """Plan on construction (scan, output names, overwrite check); run by iterating.

    After the run, `written` says whether results.csv/.txt are in `out_dir`, `outcome` says in one
    line what happened to the outputs when the run did not simply finish, and `summary` is the
    results' summary. Output problems raise OutputWriteError (a plain sentence) at the end.
    """

    def __init__(self, loaded: LoadedModel | OnnxModel, input_path, out_dir, *, cam: str | None = "gradcam",
                 cam_layer: str | None = None, target=None, topk: int = 5, batch_size: int = 16,
                 device: str = "auto", overwrite: bool = False, overlay_format: str = "jpg",
                 alpha: float = 0.5, colormap: str = "jet", panels: bool = False, eigen_smooth: bool = False,
                 aug_smooth: bool = False, cam_score: bool = False, cluster=None, tta: str | None = None):
        self.input_path, self.out_dir = Path(input_path), Path(out_dir)
        if not self.input_path.exists():
            if self.input_path.is_symlink():
                raise FileNotFoundError(f"input not found: {self.input_path} is a broken link "
                                        f"(target {os.readlink(self.input_path)} does not exist)")
            raise FileNotFoundError(f"input not found: {self.input_path}")
        check_out_dir(self.out_dir)
        self.loaded, self.target, self.batch_size = loaded, target, batch_size
        self.alpha, self.colormap, self.overlay_format = alpha, colormap, overlay_format
        self.overwrite = overwrite
        self.shards = Shards(cluster)  # under torchrun: this process's share; else every file
        if isinstance(loaded, OnnxModel):  # predict.py --model model.onnx: onnxruntime, no heatmaps
            if cam and cam != "none":
                raise ValueError(f"no heatmaps with {Path(loaded.path or 'an ONNX model').name}: {NO_CAM}")
            if tta not in (None, "off"):
                raise ValueError(f"no test-time augmentation with {Path(loaded.path or 'an ONNX model').name}: "
                                 "it runs on PyTorch model files")
            self.classifier = loaded.classifier(topk)
        else:  # tta None: the model's own (core/inference/tta.py)
            self.classifier = Classifier(loaded, device, cam, cam_layer, topk, eigen_smooth, aug_smooth, tta)
            self.classifier.score_maps = cam_score and cam not in (None, "none")
        self.classifier.class_index(target)  # an unknown class fails now, before any work
        self.root = self.input_path if self.input_path.is_dir() else self.input_path.parent
        check_not_inside_outputs(self.input_path, self.out_dir)
        self.paths = scan_images(self.input_path, exclude=output_folders(self.input_path, self.out_dir))
        self.share = len(self.shards.mine(self.paths))  # the files this process classifies
        self.labelled = self.input_path.is_dir() and is_labelled(self.input_path, loaded.class_names)
        relpaths = [p.relative_to(self.root).as_posix() for p in self.paths]
        self.overlays = overlay_names(relpaths, overlay_format) if cam and cam != "none" else {}
        self.panels = panels and bool(self.overlays)
        planned = list(self.overlays.values())
        if self.panels:
            planned += [panel_name(name) for name in planned]
        earlier = earlier_outputs(self.out_dir)  # what an earlier run wrote there, by its results.csv: read once
        if planned:  # overlays go into overlays/ (and panels/): not among files of the user's that bear its name
            check_own_output_folders(self.out_dir, planned, earlier)
        if not overwrite:
            check_no_overwrite(self.out_dir, planned, earlier)
        self.results: list[Prediction] = []
        self.summary = ""
        self.outcome = ""
        self.written = False
        self.stopped = False
        self.staging: Path | None = None
        self.kept_in: Path | None = None
        self.error: OutputWriteError | None = None  # why the outputs could not be written, once run
        self.failure: str | None = None  # under torchrun: the process that failed, in words (nothing written)
        self._owner: int | None = None
        self.removed_leftovers: list[Path] = []

    @property
    def total(self) -> int:
        return len(self.paths)

    def __len__(self) -> int:
        return self.total

    def run(self, should_stop: Callable[[], bool] | None = None) -> Iterator[Prediction]:
        self._prepare()
        writer = (OverlayWriter(self.staging, self.alpha, self.colormap, self.overlay_format, self.panels)
                  if self.overlays else None)

        def stop() -> bool:
            if writer is not None and writer.disk_full is not None:
                self.shards.halt("the disk is full")
                return True
            return bool(should_stop and should_stop()) or self.shards.halted()

        ended: BaseException | None = None
        try:
            for prediction in classify_files(self.classifier, self.shards.mine(self.paths), self.root,
                                             self.batch_size, self.target, stop, keep_images=writer is not None):
                if writer is not None and prediction.cam is not None:
                    prediction.heatmap = self.overlays[prediction.relpath]
                    writer.submit(prediction.heatmap, prediction.image, prediction.cam, prediction.geometry)
                prediction.image = None  # the writer holds its own reference; do not keep every image
                prediction.cam = None
                self.results.append(prediction)
                yield prediction
        except BaseException as error:  # Ctrl+C and other signals, the consumer gone, a model failure
            ended = error
            if not isinstance(error, (KeyboardInterrupt, GeneratorExit)):
                self.shards.fail(error)
            raise
        finally:
            with deferred():  # a signal now would cut the results file in half: it waits until they are written
                self.error = self._finish(writer, ended)
        if self.error is not None:
            raise self.error

    __iter__ = run

    def _prepare(self) -> None:
        """Create the output and staging folders, clearing what interrupted runs left there.
        Under torchrun the first process does, and the others write their overlays into its staging folder."""
        if self.shards.active:
            problem = None
            if self.shards.is_main:
                try:
                    self._make_staging()
                except OutputWriteError as error:
                    problem = str(error)
            staging, problem = distributed.share(self.shards.cluster, (str(self.staging or ""), problem))
            if problem is not None:
                self.error = OutputWriteError(None, problem)
                raise self.error from None
            self.staging = Path(staging)
            return
        self._make_staging()

    def _make_staging(self) -> None:
        made = [folder for folder in (self.out_dir, *self.out_dir.parents) if not folder.exists()]  # deepest first
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self.removed_leftovers = remove_leftover_temps(self.out_dir)
            for sub in (OVERLAY_DIR, PANEL_DIR):
                self.removed_leftovers += remove_leftover_temps(self.out_dir / sub, recursive=True)
            if self.removed_leftovers:
                log.info("removed %s of interrupted writes in %s", counted(len(self.removed_leftovers), "leftover"),
                         self.out_dir)
            try:
                self.staging, self._owner = staging_folder(self.out_dir)
            except BaseException:  # Ctrl+C inside staging_folder: its folder may exist, its path not returned
                remove_own_staging(self.out_dir)
                for folder in made:  # nothing was classified: the folders made for the run go too
                    with contextlib.suppress(OSError):
                        folder.rmdir()
                raise
        except OSError as error:
            self.error = OutputWriteError(error.errno, self._write_problem(error) + "; nothing was classified")
            raise self.error from None

    def _finish(self, writer, ended: BaseException | None) -> OutputWriteError | None:
        done = ended is None and len(self.results) == self.share
        # With overwrite, only a complete run replaces the earlier one: its results stay whole otherwise.
        keep_earlier = self.overwrite and not done
        failures = writer.close(discard=keep_earlier) if writer is not None else {}
        problem: OSError | None = writer.disk_full if writer is not None else None
        for prediction in self.results:
            if prediction.heatmap in failures:
                prediction.error = failures[prediction.heatmap]
                prediction.heatmap = None
        if self.shards.active:
            merged = self.shards.exchange(self.results, problem)
            if not self.shards.is_main:  # the first process writes; the staging folder is its own
                self.staging, self.failure = None, self.shards.failure()
                return None
            if merged is None or merged.failure:
                self.failure = merged.failure if merged else "a process ended without sending its results"
                return self._discard()
            self.results, problem = merged.results, merged.problem
            keep_earlier = self.overwrite and len(self.results) < self.total
        keep_earlier = keep_earlier or (self.overwrite and problem is not None)  # a full disk: the earlier run stays
        self.stopped = len(self.results) < self.total
        n, total = len(self.results), self.total
        earlier = f"; the earlier results in {self.out_dir} are kept unchanged" if self.overwrite else ""
        try:
            if keep_earlier:
                self._summarize()
                self.outcome = f"this run's results of {counted(n, 'finished image')} are not written{earlier}"
            else:
                try:
                    self._write_results(self.staging)
                except OSError as error:
                    if not is_disk_full(error) or self.overwrite or not self._drop_overlays():
                        raise
                    problem = error
                    self._write_results(self.staging)  # without overlays, the results may still fit
                self._commit()
                self.written = True
                self.outcome = (f"results of the {counted(n, 'finished image')} are in {self.out_dir}" if self.stopped
                                else f"results of {_all(n)} are in {self.out_dir}")
                missing = sum(1 for p in self.results if p.predicted is not None and p.heatmap is None)
                if problem is not None and self.overlays and missing:
                    self.outcome += f" ({missing} of them without an overlay: there was no room)"
        except OSError as error:
            if not is_disk_full(problem):
                problem = error
            if isinstance(error, (FileBusyError, OutputExists)) and self._keep_aside():
                self.outcome = f"this run's results are kept in {self.kept_in} instead{earlier}"
            else:
                self.outcome = f"the results of the {counted(n, 'finished image')} are not written" + \
                    (earlier or f"; nothing of this run was left in {self.out_dir}")
        finally:
            self._release()
        if problem is None:
            return None
        where = f"stopped after {n} of {counted(total, 'image')}" if self.stopped else f"{_all(total)} classified"
        hint = "; free some space and run again" if is_disk_full(problem) else ""
        return OutputWriteError(problem.errno, f"{self._write_problem(problem)}: {where}; {self.outcome}{hint}")

    def _discard(self) -> OutputWriteError:
        """A process failed: every process's overlays go with the staging folder, nothing is written."""
        self.stopped = True
        self.outcome = f"no results were written; nothing of this run was left in {self.out_dir}"
        self._release()
        return OutputWriteError(None, f"{self.failure}: {self.outcome}")

    def _release(self) -> None:
        """Let go of the staging folder: close its owner mark and remove what is left of it."""
        if self._owner is not None:
            os.close(self._owner)
            self._owner = None
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None

    def _write_problem(self, error: OSError) -> str:
        if is_disk_full(error):
            return f"the disk is full (writing to {self.out_dir})"
        if isinstance(error, (FileBusyError, OutputExists)):
            return str(error)
        return f"cannot write to {self.out_dir}: {error.strerror or error}"

    def _drop_overlays(self) -> bool:
        """Free the room this run's overlays took, so its results can be written. False: none to drop."""
        dropped = False
        for sub in (OVERLAY_DIR, PANEL_DIR):
            if (self.staging / sub).exists():
                shutil.rmtree(self.staging / sub, ignore_errors=True)
                dropped = True
        for prediction in self.results:
            if prediction.heatmap is not None:
                prediction.heatmap, prediction.error = None, "overlay not written: disk full"
        return dropped

    def _keep_aside(self) -> bool:
        """The outputs could not be moved into place: keep them in a visible folder of their own."""
        self.kept_in = self.out_dir / f"results-{datetime.now():%Y%m%d-%H%M%S}"
        try:
            if self._owner is not None:
                os.close(self._owner)
                self._owner = None
            with contextlib.suppress(OSError):
                os.rmdir(self.staging / ".replaced")  # empty once the earlier outputs were put back
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.staging / OWNER_FILE)
            os.rename(self.staging, self.kept_in)
        except OSError:
            self.kept_in = None
            return False
        self.staging = None
        return True

    def _commit(self) -> None:
        commit_outputs(self.staging, self.out_dir, replace=self.overwrite)

    def _header(self) -> dict:
        header = {"model": self.loaded.path or self.loaded.arch, "input": str(self.input_path),
                  "classes": ", ".join(self.loaded.class_names)}
        explainer = getattr(self.classifier, "explainer", None)
        if explainer is not None:  # the faithfulness summary below is about this method at this layer
            smoothing = [name for name, on in (("eigen", explainer.eigen_smooth), ("aug", explainer.aug_smooth)) if on]
            header["heatmaps"] = f"{explainer.method} at layer {explainer.layer_name}" + (
                f", {' and '.join(smoothing)}-smoothed" if smoothing else "") + (
                f", for class {self._target_name()}" if self.target not in (None, "") else ", for the predicted class")
        tta = getattr(self.classifier, "tta", "off")
        if tta and tta != "off":  # the probabilities average the image with its mirror (and shifted copies)
            header["test-time augmentation"] = tta
        if self.stopped:
            header["stopped"] = f"after {len(self.results)} of {counted(self.total, 'file')}"
        return header

    def _target_name(self) -> str:
        """--target as the class it names: "Dress", not "3"."""
        index = self.classifier.class_index(self.target)
        return self.loaded.class_names[index] if index is not None else str(self.target)

    def _summarize(self) -> None:
        from core.inference.outputs import summarize, summary_text
        matrix, errors = summarize(self.results, self.loaded.class_names)
        self.summary = summary_text(self.results, matrix, errors)

    def _write_results(self, folder: Path) -> None:
        self._summarize()  # known even when the files cannot be written
        write_results_csv(folder / "results.csv", self.results, self.labelled)
        self.summary = write_results_txt(folder / "results.txt", self.results, self.loaded.class_names,
                                         self._header())


def _all(n: int) -> str:
    """"all 8 images", or "the 1 image" where "all 1 image" would be said."""
    return f"{'the' if n == 1 else 'all'} {counted(n, 'image')}"
