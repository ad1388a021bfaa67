"""Reply suggestions: rank staff-written snippets against a visitor's question.

Pure functions and small in-memory indexes, no ORM: the ``livechat_iconic.suggestion.snippet``
model stores what :func:`tokenize` returns and feeds an index; the composer asks it for the
best three. Two rankers were measured on ``tests/data/suggest_labelled.json`` by
``bench/suggest_eval.py`` (BENCHMARKS.md, "Reply suggestions"): a lexical one (Okapi BM25,
:class:`Bm25Index`) and a small embedding model shipped in its PyPI wheel (wordllama,
:class:`EmbeddingIndex`). wordllama won (precision@3 0.316 against 0.272, hit@3 0.91
against 0.81): the addon uses it, :data:`CHOSEN_RANKER`; BM25 stays here as the measured
baseline.

BM25 is written here rather than taken from ``rank-bm25``: that library rebuilds its
statistics from the whole corpus and scores every document for every query term (a
Python loop over all documents), while the cron adds snippets one batch at a time; an
inverted index does both in fifty lines.
"""

import heapq
import math
import re
import unicodedata

#: the ranker the addon uses, chosen by measurement (bench/suggest_eval.py)
CHOSEN_RANKER = "wordllama"

#: a best suggestion whose cosine is below this is no good match: the question is recorded
#: as a "missing answer" (on the labelled set, right first answers score 0.3 and more
#: but for 2 in 93; off-topic questions score 0.12 to 0.27)
MISSING_ANSWER_BELOW = 0.30

#: a message with fewer index terms than this is no question ("ok", "thanks")
MIN_QUESTION_TERMS = 2

#: what the composer shows at most
MAX_SUGGESTIONS = 3

#: text longer than this is cut before tokenising (a visitor's message, a snippet)
MAX_TEXT = 2000

#: small stop-word lists (English, Polish), accents folded like the tokens
STOP_WORDS = frozenset(
    """
    a an and are as at be been but by can could did do does doing for from had has have
    he her here hi hello his how i if in into is it its me my no not of on or our please
    she so that the their them then there these they this to too us was we were what when
    where which who why will with would you your yours im ive id dont cant
    a aby ale bo by byc czy dla do i ich jak jest jestem jeszcze juz ktory ktora ktore mi
    mnie moj moja moje na nie o od po prosze sa sie ta tak te tego to w we z za ze
    """.split()
)

_WORD = re.compile(r"[a-z0-9]+")
_TAGS = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")
#: letters that NFKD does not decompose
_FOLD_EXTRA = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d"})


def fold(text):
    """Lower-case ``text`` and remove its accents: ``"Zażółć"`` → ``"zazolc"``."""
    text = (text or "")[:MAX_TEXT].lower().translate(_FOLD_EXTRA)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _stem(word):
    """A very light English stemmer: plural and common verb endings (tickets → ticket)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def tokenize(text):
    """The index terms of ``text``: folded words, stop words left out, lightly stemmed."""
    return [_stem(word) for word in _WORD.findall(fold(text)) if word not in STOP_WORDS]


def is_question(text):
    """Whether ``text`` says enough to look for an answer (and to miss one)."""
    return len(set(tokenize(text))) >= MIN_QUESTION_TERMS


_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[a-z]{2,}", re.IGNORECASE)
#: seven digits or more, spaces or dashes between them: a phone, an account, an order number
_LONG_NUMBER = re.compile(r"(?:\d[\s-]?){7,}")
#: an answer shorter than this (characters) teaches nothing ("ok", "one moment")
MIN_ANSWER_LENGTH = 40


def reusable_answer(text, names=()):
    """``text`` (an agent's answer) made fit to suggest to other visitors, or None.

    None when it is short or holds what belongs to one customer: an e-mail address, a
    long number (phone, account, order). The visitor's ``names`` (their full name, then
    each part of three letters or more) become ``{visitor_name}``, which the composer
    fills with the next visitor's name (lib/placeholders.py)."""
    if len(text or "") < MIN_ANSWER_LENGTH or _EMAIL.search(text) or _LONG_NUMBER.search(text):
        return None
    parts = []
    for name in names:
        if name:
            parts.append(name.strip())
            parts.extend(part for part in name.split() if len(part) >= 3)
    for part in sorted(set(parts), key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(part)}\b", "{visitor_name}", text, flags=re.IGNORECASE)
    return re.sub(r"\{visitor_name\}(\s+\{visitor_name\})+", "{visitor_name}", text)


def plain_text(html, limit=MAX_TEXT):
    """The text of an HTML message body (tags dropped, spaces collapsed), at most
    ``limit`` characters."""
    text = _TAGS.sub(" ", html or "")
    for entity, char in (("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"')):
        text = text.replace(entity, char)
    text = text.replace("&#39;", "'").replace("&amp;", "&")
    return _SPACES.sub(" ", text).strip()[:limit]


def precision_at(ranked, right, k=MAX_SUGGESTIONS):
    """Precision@k: the share of the first ``k`` suggestions that are right answers."""
    return sum(1 for key in ranked[:k] if key in right) / k


def hit_at(ranked, right, k=MAX_SUGGESTIONS):
    """1 when at least one right answer is among the first ``k`` suggestions, else 0."""
    return int(any(key in right for key in ranked[:k]))


class Bm25Index:
    """Okapi BM25 over an inverted index that grows and shrinks one document at a time.

    ``add(key, tokens)`` / ``discard(key)`` keep the statistics exact; ``search`` scores
    only the documents that share a term with the query."""

    def __init__(self, k1=1.2, b=0.75):
        self.k1 = k1
        self.b = b
        self.postings = {}  # term -> {key: term frequency}
        self.lengths = {}  # key -> number of tokens
        self.terms = {}  # key -> its distinct terms
        self.total_length = 0

    def __len__(self):
        return len(self.lengths)

    def add(self, key, tokens):
        """Index ``tokens`` under ``key`` (replacing what ``key`` had)."""
        self.discard(key)
        counts = {}
        for token in tokens:
            counts[token] = counts.get(token, 0) + 1
        for token, count in counts.items():
            self.postings.setdefault(token, {})[key] = count
        self.lengths[key] = len(tokens)
        self.terms[key] = tuple(counts)
        self.total_length += len(tokens)

    def discard(self, key):
        """Forget ``key`` (nothing happens if it is not indexed)."""
        length = self.lengths.pop(key, None)
        if length is None:
            return
        self.total_length -= length
        for term in self.terms.pop(key):
            del self.postings[term][key]
            if not self.postings[term]:
                del self.postings[term]

    def _idf(self, term):
        docs = len(self.postings.get(term, ()))
        return math.log(1 + (len(self.lengths) - docs + 0.5) / (docs + 0.5))

    def search(self, tokens, limit=MAX_SUGGESTIONS, allowed=None):
        """The best ``limit`` documents as ``[(key, strength)]``, strongest first.

        ``strength`` is the BM25 score divided by its upper bound for this query (every
        term matched with an unbounded frequency), so it lies in 0..1 and can be compared
        with :data:`MISSING_ANSWER_BELOW` whatever the query's length. ``allowed``, a
        predicate on keys, leaves documents out (another queue's answers)."""
        if not self.lengths:
            return []
        average = self.total_length / len(self.lengths)
        scores = {}
        bound = 0.0
        for term in set(tokens):
            idf = self._idf(term)
            bound += idf * (self.k1 + 1)
            for key, freq in self.postings.get(term, {}).items():
                norm = self.k1 * (1 - self.b + self.b * self.lengths[key] / average)
                scores[key] = scores.get(key, 0.0) + idf * freq * (self.k1 + 1) / (freq + norm)
        if not bound:
            return []
        candidates = scores.items()
        if allowed is not None:
            candidates = [(key, score) for key, score in candidates if allowed(key)]
        best = heapq.nlargest(limit, candidates, key=lambda item: (item[1], str(item[0])))
        return [(key, score / bound) for key, score in best]


class EmbeddingIndex:
    """Cosine similarity between unit vectors (the embedding candidate, measured only).

    ``embed`` turns a list of texts into an ``(n, d)`` numpy array (wordllama's
    ``embed``); vectors are kept normalised in one matrix."""

    def __init__(self, embed):
        import numpy  # noqa: PLC0415 (numpy comes with Odoo; only the measurement needs it)

        self._np = numpy
        self.embed = embed
        self.keys = []
        self.matrix = numpy.zeros((0, 0), dtype=numpy.float32)

    def __len__(self):
        return len(self.keys)

    def _unit(self, texts):
        vectors = self._np.asarray(self.embed(list(texts)), dtype=self._np.float32)
        norms = self._np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / self._np.where(norms == 0, 1, norms)

    def add_many(self, items):
        """Index ``[(key, text)]``."""
        if not items:
            return
        vectors = self._unit(text for _key, text in items)
        self.keys.extend(key for key, _text in items)
        self.matrix = vectors if not self.matrix.size else self._np.vstack([self.matrix, vectors])

    def search(self, text, limit=MAX_SUGGESTIONS, allowed=None):
        """The best ``limit`` documents as ``[(key, cosine)]``, most similar first."""
        if not self.keys:
            return []
        scores = self.matrix @ self._unit([text])[0]
        order = self._np.argsort(-scores)
        result = []
        for index in order:
            key = self.keys[index]
            if allowed is None or allowed(key):
                result.append((key, float(scores[index])))
                if len(result) == limit:
                    break
        return result


_MODEL = []


def load_wordllama():
    """wordllama's default model from the files inside its wheel, downloads disabled.

    wordllama 0.4 looks for its tokenizer in ``<package>/tokenizer/`` while the wheel
    ships it in ``<package>/tokenizers/``; passing the package folder as the cache folder
    finds both the weights and the tokenizer there, and ``disable_download`` makes a
    missing file an error instead of a download."""
    from pathlib import Path  # noqa: PLC0415

    import wordllama  # noqa: PLC0415 (loaded on first use: about 1 s and 20 MB)

    return wordllama.WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, disable_download=True
    )


def shared_model():
    """One wordllama model per process, loaded on first use (the model is read-only and
    its ``embed`` is thread-safe numpy)."""
    if not _MODEL:
        _MODEL.append(load_wordllama())
    return _MODEL[0]


def embed(texts):
    """Unit vectors (float32, one row per text) of ``texts`` with the shared model."""
    import numpy  # noqa: PLC0415

    vectors = numpy.asarray(
        shared_model().embed([(t or "")[:MAX_TEXT] for t in texts]), dtype=numpy.float32
    )
    norms = numpy.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / numpy.where(norms == 0, 1, norms)


def hybrid_rank(bm25_hits, embedding_hits, weight=0.5, limit=MAX_SUGGESTIONS):
    """Blend two rankings: ``weight`` × BM25 strength + (1 − ``weight``) × cosine.

    Each argument is ``[(key, score)]`` over (at least) the candidates to blend."""
    scores = {}
    for key, strength in bm25_hits:
        scores[key] = scores.get(key, 0.0) + weight * strength
    for key, cosine in embedding_hits:
        scores[key] = scores.get(key, 0.0) + (1 - weight) * max(cosine, 0.0)
    return heapq.nlargest(limit, scores.items(), key=lambda item: (item[1], str(item[0])))
