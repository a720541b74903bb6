#!/usr/bin/env python
# vim: set fileencoding=latin-1 :
name = "café"
x = 1  # é
