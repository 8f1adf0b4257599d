"""Union-find, for the joins within a document and across the corpus."""


class DisjointSets:
    """Union-find over ``range(count)``; the root of a set is its earliest item."""

    def __init__(self, count):
        self.parent = list(range(count))

    def find(self, index):
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def union(self, a, b):
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)
