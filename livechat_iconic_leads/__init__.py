from . import demo, models, report
