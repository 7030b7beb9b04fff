import re


def word_counts(text):
    counts = {}
    for word in re.findall(r"[^\W\d_]+", text):
        word = word.lower()
        counts[word] = counts.get(word, 0) + 1
    return counts
