"""What a critical reading returns: findings with their quotations and evidence, audit rows,
and the one factor a conversion finding hangs on. Frozen values that print themselves."""

from __future__ import annotations

from dataclasses import dataclass

from .. import words

TEXT = words.catalogue("critique", {
    "paper": "The paper ({location}): \"{quote}\"",
    "says": "What the paper does: {says}",
    "finding_line": "Finding: {finding}",
    "answers": "Defensible answers (sources differ):",
    "answer": "  - {answer}",
    "question": "Question: {question}",
    "evidence": "Evidence:",
    "evidence_line": "  - {source} ({year}){status}",
    "unverified": " [not read in full: unverified]",
    "arithmetic": "Arithmetic:",
    "step": "  {line}",
    "title_line": "{id} [{kind}, {severity}]: {title}",
    "audit_line": "{id}: paper {paper} | ours {ours} | {verdict}",
})


@dataclass(frozen=True)
class Quote:
    """The paper's words: a short verbatim quotation and its section (or "Table 1")."""

    location: str
    text: str

    def line(self) -> str:
        return TEXT["paper"].format(location=self.location, quote=self.text)


@dataclass(frozen=True)
class Evidence:
    """A source for a finding, with its year; ``status`` unverified = read only second-hand."""

    source: str
    year: int
    status: str

    def line(self) -> str:
        return TEXT["evidence_line"].format(
            source=self.source, year=self.year,
            status="" if self.status == "verified" else TEXT["unverified"])


@dataclass(frozen=True)
class Finding:
    """One finding of a critical reading: kind, severity, the paper's words and place, what
    does not hold, the defensible answers where sources differ, and the evidence."""

    id: str
    kind: str
    severity: str
    title: str
    quotes: tuple[Quote, ...]
    says: str
    finding: str
    answers: tuple[str, ...]
    question: str
    evidence: tuple[Evidence, ...]
    arithmetic: tuple[str, ...]

    @property
    def location(self) -> str:
        """Where the paper says it (the first quotation's section)."""
        return self.quotes[0].location

    def heading(self) -> str:
        return TEXT["title_line"].format(id=self.id, kind=self.kind, severity=self.severity,
                                         title=self.title)

    def lines(self, arithmetic: bool = True) -> tuple[str, ...]:
        """The finding as plain text for a notebook: quotes, finding, answers, evidence."""
        out = [self.heading()]
        out += [q.line() for q in self.quotes]
        if self.says:
            out.append(TEXT["says"].format(says=self.says))
        out.append(TEXT["finding_line"].format(finding=self.finding))
        if self.answers:
            out.append(TEXT["answers"])
            out += [TEXT["answer"].format(answer=a) for a in self.answers]
        if self.question:
            out.append(TEXT["question"].format(question=self.question))
        if arithmetic and self.arithmetic:
            out.append(TEXT["arithmetic"])
            out += [TEXT["step"].format(line=x) for x in self.arithmetic]
        out.append(TEXT["evidence"])
        out += [e.line() for e in self.evidence]
        return tuple(out)


@dataclass(frozen=True)
class AuditRow:
    """One printed value: the paper's number, ours, and whether they agree."""

    id: str
    quantity: str
    paper: str
    ours: str
    verdict: str  # in the learner's language
    note: str = ""
    outcome: str = ""  # "agrees", "differs" or "given", whatever the language

    def line(self) -> str:
        return TEXT["audit_line"].format(id=self.id, paper=self.paper, ours=self.ours,
                                         verdict=self.verdict)


@dataclass(frozen=True)
class FactorSpec:
    """The one factor a conversion finding hangs on, with the paper's value and the bounds a
    learner's own factor must lie within (findings.yaml ``own_factors``)."""

    kind: str
    label: str
    default: float
    low: float
    high: float
