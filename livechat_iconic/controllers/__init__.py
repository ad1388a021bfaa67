from . import main
from . import webclient
