from . import main, webclient
