# A submodule imported by its package's __init__.
class Behaviour:
    weight = 3

    def describe(self):
        return "behaviour weight %d" % self.weight
