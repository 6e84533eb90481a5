"""The training form's validation messages with values in them are shown in the interface language."""
import pytest
from PyQt5.QtWidgets import QApplication, QLabel

from app.i18n import TsTranslator
from app.translatable_strings import TS_FILE
from core.training.trainconfig import DEFAULTS, TrainConfig
from tests.user import type_into
from ui.training.problem_text import translate_problem
from ui.training.train_form import TrainForm


def keep(text: str) -> str:
    return text


def _tr(text: str) -> str:
    return QApplication.translate("DatasetSummaryView", text)


@pytest.mark.parametrize("changes", [
    {"lr": 0.0}, {"lr": float("nan")}, {"epochs": 0}, {"optimizer": "lion"}, {"augment": ["warp"]},
    {"warmup_epochs": 12.0}, {"freeze_epochs": 10}, {"min_lr": 0.1}, {"classes": ["a", "b", "a"]},
    {"val_ratio": 0.6, "test_ratio": 0.5}, {"schedule": "multistep", "milestones": []}, {"budget": "soon"},
    {"budget": "5s"},
])
def test_every_message_of_a_known_shape_comes_back_unchanged_in_english(changes):
    messages = list(TrainConfig.from_dict({**DEFAULTS, "data": "d", **changes}).problems().values())
    assert messages
    for message in messages:
        assert translate_problem(message, keep) == message


@pytest.fixture
def chinese():
    app, translator = QApplication.instance(), TsTranslator(TS_FILE)
    app.installTranslator(translator)
    yield
    app.removeTranslator(translator)


def test_a_bad_learning_rate_is_explained_in_chinese(qtbot, chinese):
    form = TrainForm()
    qtbot.addWidget(form)
    form.show()
    form.set_values({"data": str(TS_FILE.parent), "epochs": 10, "warmup_epochs": 0.0})
    type_into(qtbot, form.field("lr"), "0")
    type_into(qtbot, form.field("min_lr"), "0")
    problems = form.validate()
    assert problems == ["学习率必须是正数，当前为 0.0"]
    assert "学习率必须是正数，当前为 0.0" in form.findChild(QLabel, "problems").text()
    type_into(qtbot, form.field("lr"), "1e")  # not a number at all
    assert form.validate() == ["学习率不是数字：1e"]
    form.set_values({"lr": 1e-3, "warmup_epochs": 12.0})
    assert form.validate() == ["预热必须短于整个训练（12 >= 10 轮）"]


def test_the_dataset_scan_findings_and_split_names_are_shown_in_chinese(qtbot, chinese):
    from ui.training.dataset_summary_view import DatasetSummaryView
    view = DatasetSummaryView()
    qtbot.addWidget(view)
    view.show()
    counts = {"train": {"连衣裙": 3, "衬衫": 3}, "val": {"连衣裙": 1, "衬衫": 1}, "test": {"连衣裙": 0, "衬衫": 0}}
    view.set_summary({"class_names": ["连衣裙", "衬衫"], "counts": counts, "unreadable": [], "duplicates": [],
                      "duplicates_within": 0, "warnings": ["classes with fewer than 10 training images: 连衣裙 (3), "
                                                           "衬衫 (3)", "the test split is empty"]})
    assert view.warnings() == ["训练图像少于 10 张的类别：连衣裙 (3), 衬衫 (3)", "测试集为空"]
    assert "训练集 6 · 验证集 2 · 测试集 0" in view.findChild(QLabel, "totals").text()
    view.set_error("a classifier needs at least 2 classes, one sub-folder of images each; /data has only one: red")
    assert view.findChild(QLabel, "error").text() == ("分类器至少需要 2 个类别，每个类别一个图像子文件夹；"
                                                      "/data 中只有一个：red")


@pytest.mark.parametrize("reason, shown", [
    ("finished", "已完成"),
    ("early stopping: val_acc did not improve for 3 epochs", "早停：验证准确率已连续 3 轮没有改善"),
    ("early stopping: val_acc did not improve for 1 epoch", "早停：验证准确率已连续 1 轮没有改善"),
    ("the time budget ended the run after 9 of the 100 epochs it had fitted: this computer ran slower than when it "
     "was measured", "时间预算在其排定的 100 轮中训练完 9 轮后结束了运行：本机此时比测速时慢"),
])
def test_how_a_run_ended_is_said_in_chinese(chinese, reason, shown):
    assert translate_problem(reason, lambda text: QApplication.translate("TrainWindow", text)) == shown


def test_a_time_budget_that_cannot_be_read_is_explained_in_chinese(qtbot, chinese):
    form = TrainForm()
    qtbot.addWidget(form)
    form.show()
    form.set_values({"data": str(TS_FILE.parent)})
    type_into(qtbot, form.field("budget"), "soon")
    assert form.validate() == ["时间预算 'soon'：请写成 15min、90s 或 1h30m 的形式"]
    type_into(qtbot, form.field("budget"), "15min")
    assert form.validate() == []


@pytest.mark.parametrize("names, classes", [(["empty"], ["a", "b", "empty"]), (["empty"], ["a", "empty"]),
                                            (["e1", "e2"], ["a", "b", "e1", "e2"]), (["e1", "e2"], ["a", "e1", "e2"])])
def test_an_empty_class_folder_and_its_ways_on_are_said_in_chinese_without_the_command_lines_option(
        tmp_path, chinese, names, classes):
    """The message grew its ways on (put images in, remove, leave out with --classes): in a Chinese window the tail
    came out in English, naming an option the window does not have."""
    from PIL import Image

    from core.data.splits import find_splits
    for name in classes:
        (tmp_path / name).mkdir()
        if name not in names:
            for i in range(3):
                Image.new("RGB", (8, 8)).save(tmp_path / name / f"{i}.png")
    with pytest.raises(ValueError) as raised:
        find_splits(tmp_path)
    message = str(raised.value)
    translated = translate_problem(message, _tr)
    assert translated != message and "没有图像" in translated and "--classes" not in translated
    assert not any(word in translated for word in ("put images", "remove the", "leave"))


@pytest.mark.parametrize("finding, shown", [
    ("1 group of identical files appears in more than one split, so evaluation sees training images (e.g. a = b)",
     "有 1 组相同文件出现在多个划分中，评估时会用到训练图像（例如 a = b）"),
    ("3 groups of identical files appear in more than one split, so evaluation sees training images (e.g. a = b)",
     "有 3 组相同文件出现在多个划分中，评估时会用到训练图像（例如 a = b）"),
    ("1,200 unreadable files left out", "已跳过 1200 个无法读取的文件"),
    ("unknown class zebra in /data; available: a, b", "/data 中没有类别 zebra；可用的类别：a, b"),
    ("unknown classes zebra, yak in /data; available: a, b", "/data 中没有类别 zebra, yak；可用的类别：a, b"),
])
def test_the_scans_counted_findings_are_said_in_chinese_for_one_and_several(chinese, finding, shown):
    """Core counts in proper English ("1 group … appears", "3 groups … appear", "1,200 files"): each form, and a count
    with core's thousands separator, finds its Chinese."""
    assert translate_problem(finding, lambda text, *n: QApplication.translate("DatasetSummaryView", text, *n)) == shown
