"""Planet Without a Visa: the helpers every lesson notebook imports.

- ``lessons.data``: load the dataset (one call per table), checked against its schema.
- ``lessons.charts``: the charts and the exile map, each with alt text.
- ``lessons.quiz``: the end-of-lesson quizzes; ``lessons.questions`` reads their banks.
- ``lessons.exercises``: checks for the "Your turn" exercises.
- ``lessons.display``: source lists and other escaped HTML.
"""

__version__ = "0.1.0"
