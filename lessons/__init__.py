"""Planet Without a Visa: the helpers every lesson notebook imports.

- ``lessons.data``: load the dataset (one call per table), checked against its schema.
- ``lessons.charts``: the charts and the exile map, each with alt text.
- ``lessons.quiz``: the end-of-lesson quizzes; ``lessons.questions`` holds the question types,
  the generators and the banks.
- ``lessons.exercises``: checks for the "Your turn" exercises.
- ``lessons.display``: source lists; ``lessons.html``: escaping, plurals and safe links.
- ``lessons.course``: the lesson plan; ``lessons.dates``: dates at their precision.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
