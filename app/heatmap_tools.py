"""The Heatmap menu: tools that judge the heatmaps of the loaded model (issue 18).

Each tool is a flow of its own (its dialog, its work off the GUI thread); this class builds them and
says when their menu items can be used: a model is loaded and a folder of images is open.
"""
from __future__ import annotations

from app.compare_flow import CompareFlow
from app.layer_finder_flow import LayerFinderFlow
from app.sanity_flow import SanityFlow


class HeatmapTools:
    def __init__(self, controller):
        self.controller = controller
        self.flows = []  # each: .action (its menu item) and .busy (its work is running)
        self.flows.append(CompareFlow(controller))
        self.flows.append(LayerFinderFlow(controller))
        self.flows.append(SanityFlow(controller))

    def update(self) -> None:
        controller = self.controller
        ready = controller.loaded is not None and bool(controller.paths)
        for flow in self.flows:
            flow.action.setEnabled(ready and not flow.busy)

