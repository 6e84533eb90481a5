"""A FlowLayout row holds its widgets on its middle line, whatever their heights.

In the Chinese training form the augmentation check box named in Latin letters ("TrivialAugment") is shorter than
its neighbours named in Chinese (颜色, 模糊, 擦除): placed at the row's top, its box sat 2 px above theirs."""
from PyQt5.QtWidgets import QCheckBox, QWidget

from ui.widgets.flow_layout import FlowLayout


def test_widgets_of_one_row_share_its_middle_and_a_wrapped_row_its_own(qtbot):
    holder = QWidget()
    qtbot.addWidget(holder)
    flow = FlowLayout(holder, spacing=10)
    tall, short, wrapped = QCheckBox("颜色"), QCheckBox("TrivialAugment"), QCheckBox("RandAugment")
    tall.setFixedSize(60, 30)
    short.setFixedSize(120, 20)
    wrapped.setFixedSize(120, 20)
    for box in (tall, short, wrapped):
        flow.addWidget(box)
    holder.resize(200, flow.heightForWidth(200))
    holder.show()
    qtbot.waitExposed(holder)
    assert tall.geometry().top() == 0 and short.geometry().top() == 5  # centred on the row's 30 px
    assert wrapped.geometry().top() == 30 + 10  # a row of its own, under the first one and the spacing
    assert flow.heightForWidth(200) == 30 + 10 + 20


def test_check_boxes_of_different_heights_have_their_indicators_level(qtbot):
    """Chinese text makes a check box 26 px high where Latin letters make it 23 (Sans Serif 9 on X11): centred to
    the pixel below, both indicators stand level."""
    from PyQt5.QtWidgets import QStyle, QStyleOptionButton
    holder = QWidget()
    qtbot.addWidget(holder)
    flow = FlowLayout(holder, spacing=10)
    tall, short = QCheckBox("颜色"), QCheckBox("TrivialAugment")
    tall.setFixedSize(60, 26)
    short.setFixedSize(120, 23)
    flow.addWidget(tall)
    flow.addWidget(short)
    holder.resize(300, flow.heightForWidth(300))
    holder.show()
    qtbot.waitExposed(holder)

    def indicator_top(box):
        option = QStyleOptionButton()
        box.initStyleOption(option)
        return box.geometry().top() + box.style().subElementRect(QStyle.SE_CheckBoxIndicator, option, box).top()
    assert indicator_top(tall) == indicator_top(short)
