from . import region_table
