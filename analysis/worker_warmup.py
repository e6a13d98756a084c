"""Imported by the worker server (forkserver) before it forks any worker: loads the models and
rule sets every batch needs once there (:func:`analysis.pipeline.warm_up`). Importing it anywhere
else only costs that loading."""

from analysis.pipeline import warm_up

warm_up()
