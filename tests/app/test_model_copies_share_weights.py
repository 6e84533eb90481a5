"""The threads that run a loaded model (folder run, heatmap viewer, picture preview, Compare Methods) each
keep a module tree of their own but read one set of weights: with a copy each, vit_b_16 took 327 MiB a thread
(benchmarks/model_copies_memory.py)."""
from tests.app.test_compare_methods import DEMO_IMAGES, DEMO_MODEL, WAIT, compare_action
from tests.user import choose_menu_item, open_model_and_folder


def _storage(model) -> set[int]:
    return {tensor.data_ptr() for tensor in model.state_dict().values() if tensor.numel()}


def test_every_thread_reads_the_loaded_models_weights(qtbot, gui):
    window, controller = gui
    open_model_and_folder(qtbot, window, controller, DEMO_MODEL, DEMO_IMAGES, WAIT)
    choose_menu_item(qtbot, window, "Heatmap", compare_action(window))
    flow = next(f for f in controller.heatmap_tools.flows if f.action is compare_action(window))
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.cells["gradcam"].filled, timeout=WAIT)
    qtbot.waitUntil(lambda: controller.previewer._loaded is not None, timeout=WAIT)
    loaded = _storage(controller.loaded.model)
    copies = {"viewer": controller.viewer._loaded.model, "preview": controller.previewer._loaded.model,
              "compare": flow.worker._loaded.model}
    for thread, model in copies.items():
        assert model is not controller.loaded.model, thread  # the CAM's hooks stay on the viewer's own tree
        assert _storage(model) == loaded, thread
