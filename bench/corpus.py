"""A deterministic synthetic corpus for the build benchmark.

`generate(site, n, seed)` writes `site`/content with n articles spread over the
four kinds (myth, news, story, question), a clinician registry and the
clinic's own pages (copied from content/pages, so the theme's navigation has
its targets). The same n and seed always give byte-identical files.

Every article is valid under the content model, so the project builds the
corpus with zero problems: all required header fields, a myth's claim within
the length limit and a real verdict, a source link where the kind needs one,
a story's consent with an expiry far in the future. Titles mix Latin, CJK,
Arabic and emoji text; bodies carry headings, a table, footnotes, lists, a
callout and a sources list, between 600 and 1,200 words. Bodies avoid
anything the privacy checks read as a patient identifier (phone numbers, full
dates, street addresses, ages over 89), so no warning skews the timing.
"""

import argparse
import random
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MIN_WORDS = 600
MAX_WORDS = 1200
CLAIM_MAX_CHARS = 75
FACT_MAX_CHARS = 70

CLINICIANS = (
    ("Helen Brandt", "MD", "Family physician", "Family Medicine"),
    ("Omar Haddad", "MD, FAAP", "Pediatrician", "Pediatrics"),
    ("Mei Chen", "DNP, FNP-BC", "Family nurse practitioner", "Primary care"),
    ("Lucas Moreau", "PharmD, BCACP", "Clinical pharmacist", "Medication management"),
    ("Nadia Petrova", "MS, RD", "Registered dietitian", "Nutrition"),
    ("Kwame Mensah", "MD", "Internist", "Internal Medicine"),
    ("Sofia Lindgren", "PA-C", "Physician assistant", "Urgent care"),
    ("Ravi Iyer", "MD, MPH", "Family physician", "Preventive care"),
)

# Each topic: the Latin-script title, tags, a myth's claim, a patient's question.
TOPICS = (
    ("Flu shots", ("flu", "vaccines"), "The flu shot can give you the flu",
     "Can I get a flu shot when I have a cold?"),
    ("High blood pressure", ("blood pressure", "heart health"), "You would feel it if your blood pressure were high",
     "How often should I check my blood pressure at home?"),
    ("Antibiotics", ("antibiotics", "medicines"), "Antibiotics cure a cold",
     "Why won't you give me antibiotics for my sore throat?"),
    ("Sleep", ("sleep", "mental health"), "Adults can train themselves to need less sleep",
     "Is it bad to use my phone in bed?"),
    ("Drinking water", ("nutrition", "hydration"), "Everyone needs eight glasses of water a day",
     "Do coffee and tea count toward my daily fluids?"),
    ("Childhood vaccines", ("vaccines", "children"), "Too many vaccines at once overload a baby's immune system",
     "Is it safe to space out my baby's vaccines?"),
    ("Prediabetes", ("diabetes", "nutrition"), "Eating sugar causes diabetes",
     "Can prediabetes go away on its own?"),
    ("Back pain", ("back pain", "exercise"), "Bed rest is the best cure for back pain",
     "Should I get an X-ray for my back pain?"),
    ("Colds in winter", ("colds", "viruses"), "Going out with wet hair gives you a cold",
     "How long is a cold contagious?"),
    ("Screen time", ("children", "screen time"), "Screens ruin children's eyesight",
     "How much screen time is okay for a toddler?"),
    ("Sunscreen", ("skin", "cancer screening"), "You don't need sunscreen on cloudy days",
     "What SPF should my family use?"),
    ("Cholesterol", ("cholesterol", "heart health"), "Eggs are bad for your heart",
     "Do I need to fast before a cholesterol test?"),
    ("Allergies", ("allergies", "medicines"), "Local honey cures seasonal allergies",
     "Which allergy pills make you least sleepy?"),
    ("Walking", ("exercise", "heart health"), "You need ten thousand steps a day to be healthy",
     "Is walking enough exercise if I have arthritis?"),
    ("Pain relievers", ("medicines", "pain"), "Taking more pain reliever works faster",
     "Can I take ibuprofen and acetaminophen together?"),
    ("Stress", ("mental health", "stress"), "Stress is all in your head",
     "When should I talk to someone about stress?"),
)

TITLE_ENDINGS = ("what to know", "facts and myths", "a clinician explains", "your questions answered")

# Titles in other scripts (CJK, Arabic, emoji in turn), for every third
# article: share cards must shape and wrap them, pages must carry them.
WORLD_TITLES = (
    "流感疫苗：你需要知道的五件事",
    "ضغط الدم المرتفع: ما الذي يجب معرفته",
    "💉 Flu shots without the worry",
    "睡眠と健康：よくある質問",
    "لقاح الإنفلونزا للأطفال: أسئلة شائعة",
    "🩺 What happens at a yearly checkup",
    "건강한 식단을 위한 작은 습관",
    "🍎 Small food swaps that add up",
    "高血压常见问题解答",
    "😴 Better sleep, one habit at a time",
    "🧠 Stress, sleep and your mood",
    "💊 How to keep a medicine list",
)

SOURCES = (
    ("CDC. Flu vaccines", "https://www.cdc.gov/flu/vaccines/index.html"),
    ("CDC. High blood pressure", "https://www.cdc.gov/high-blood-pressure/index.html"),
    ("CDC. Antibiotic prescribing and use", "https://www.cdc.gov/antibiotic-use/index.html"),
    ("World Health Organization. Physical activity",
     "https://www.who.int/news-room/fact-sheets/detail/physical-activity"),
    ("World Health Organization. Healthy diet", "https://www.who.int/news-room/fact-sheets/detail/healthy-diet"),
    ("NHS. Insomnia", "https://www.nhs.uk/conditions/insomnia/"),
    ("NHS. Back pain", "https://www.nhs.uk/conditions/back-pain/"),
    ("MedlinePlus. Cholesterol", "https://medlineplus.gov/cholesterol.html"),
    ("MedlinePlus. Prediabetes", "https://medlineplus.gov/prediabetes.html"),
    ("American Academy of Pediatrics. Media and children",
     "https://www.healthychildren.org/English/fmp/Pages/MediaPlan.aspx"),
    ("American Academy of Dermatology. Sunscreen FAQs", "https://www.aad.org/media/stats-sunscreen"),
    ("NIH. Stress", "https://www.nimh.nih.gov/health/publications/so-stressed-out-fact-sheet"),
)

SENTENCES = (
    "Most people who notice this feel better within a few days with rest and fluids.",
    "Your clinician can help you weigh the benefits and the risks for your own situation.",
    "Research over many years points the same way, even though single studies sometimes disagree.",
    "Small changes, made one at a time, tend to last longer than big changes made all at once.",
    "It helps to write down what you notice, when it happens and what makes it better or worse.",
    "Bring your medicine bottles to your next visit so we can check them together.",
    "Many people worry about this, and it is a good question to ask at any visit.",
    "The evidence comes from large studies that followed thousands of people for years.",
    "A habit that fits your day is worth more than a perfect plan you cannot keep.",
    "Some people need a different approach, and that is normal, not a failure.",
    "Children are not small adults, so doses and advice for them are often different.",
    "Check the label for the active ingredient, because many products contain the same one.",
    "If something changes suddenly, call us rather than waiting for your next visit.",
    "Friends and family mean well, but their experience may not match yours.",
    "We review this advice every year and update it when the evidence changes.",
    "The body usually handles this on its own, and our job is to help it along.",
    "A short walk after meals helps many people feel more awake and steady.",
    "Eating more vegetables, beans and whole grains is good for the heart and the gut.",
    "Cutting back on salt can lower blood pressure within a few weeks.",
    "Good sleep supports the immune system, the mood and the memory.",
    "Tell us about any vitamins or herbal products you take, since they can interact with medicines.",
    "Side effects are usually mild and go away within a day or two.",
    "People at higher risk include older adults, pregnant people and those with long-term conditions.",
    "Washing your hands with soap and water remains one of the best ways to avoid infections.",
    "Numbers on a screen are only part of the story; how you feel matters too.",
    "Ask us to explain any word or result you do not understand.",
    "Online advice can be helpful, but it cannot examine you or know your history.",
    "We would rather see you early than have you wait until things get worse.",
    "Most insurance plans cover this, and we can help if yours does not.",
    "Keeping a simple diary for two weeks often shows a clear pattern.",
    "The first weeks are the hardest, and it gets easier with practice.",
    "Nobody gets everything right every day, and that is fine.",
    "Regular checkups let us catch problems while they are still easy to treat.",
    "Water, rest and time are often the best medicine for common viruses.",
    "If you smoke, quitting is the single biggest step you can take for your health.",
    "Alcohol can affect sleep, blood pressure and many medicines.",
    "Moving your body for a few minutes every hour breaks up long periods of sitting.",
    "A pharmacist can answer many medicine questions quickly and for free.",
    "Screening tests look for problems before you have any symptoms at all.",
    "Stress shows up in the body as headaches, tight muscles and trouble sleeping.",
    "Planning meals for the week saves money and makes healthy choices easier.",
    "Fever is the body's way of fighting infection, and it is not always harmful.",
    "Some symptoms need care right away, and we list them in the box on this page.",
    "Patients often tell us that a clear plan made the biggest difference.",
    "We share what the research shows, including where it is still uncertain.",
    "Good information helps you make the choice that is right for you.",
)

WORLD_SENTENCES = (
    "多喝水，早睡觉，适量运动。",
    "健康は毎日の小さな習慣から始まります。",
    "الوقاية خير من العلاج.",
    "건강검진은 일 년에 한 번 받으세요.",
)

HEADINGS = (
    "What the evidence says", "Why it matters", "What you can do", "Common questions",
    "How we can help", "What to expect", "Tips that help", "The bottom line",
)

FOOTNOTES = (
    "Large reviews of the research reach the same conclusion, though the size of the effect varies.",
    "This figure is an average; your own numbers may differ.",
    "The advice differs slightly between countries, but the main message is the same.",
    "Ask us for a printed copy of this guidance at your next visit.",
)

TABLES = (
    ("Who", "What we suggest"),
    ("Situation", "What to do"),
    ("Option", "Good to know"),
)

TABLE_ROWS = (
    ("Adults", "A yearly check with your clinician"),
    ("Children", "Follow the schedule your pediatrician gives you"),
    ("Older adults", "Ask about higher-dose options"),
    ("Pregnant people", "Talk with your prenatal care team first"),
    ("Mild symptoms", "Rest, fluids and time"),
    ("Symptoms lasting over a week", "Call the clinic"),
    ("Trouble breathing", "Call 911"),
    ("Medicines", "Keep an up-to-date list"),
    ("Home readings", "Write them down twice a day"),
)

CALLOUTS = (
    ('warning "When to see a doctor"',
     "Call us if your symptoms last more than a week, get worse after getting better, "
     "or keep you from eating, drinking or sleeping."),
    ('danger "Emergency"',
     "Call 911 for chest pain, trouble breathing, sudden weakness on one side, or confusion."),
    ('note "Good to know"',
     "This article gives general information. Your clinician can tell you what fits your own health."),
)

VERDICTS = ("False", "Misleading", "Partly true", "True", "Unproven")
KIND_ORDER = ("myth", "news", "story", "question")
FOLDERS = {"myth": "myths", "news": "news", "story": "stories", "question": "questions"}
CATEGORIES = {"myth": "Myths", "news": "News", "story": "Patient Stories", "question": "Questions"}
FIRST_DATE = date(2024, 1, 8)
LAST_REVIEW = date(2026, 9, 30)
CONSENT_YEARS = 12
SEED = 1


def clinician_id(name):
    """The registry id for a name: lowercased and hyphenated."""
    return name.lower().replace(" ", "-")


def clinicians_yaml():
    """The registry of the corpus's clinicians, as content/clinicians.yml text."""
    parts = ["# Synthetic clinicians for the build benchmark.\n"]
    for name, credentials, role, specialty in CLINICIANS:
        parts.append(
            f"\n- id: {clinician_id(name)}\n"
            f"  name: {name}\n"
            f"  credentials: {credentials}\n"
            f"  role: {role}\n"
            f"  specialty: {specialty}\n"
            f"  bio: >-\n"
            f"    {name.split()[0]} cares for patients at the clinic and writes and\n"
            f"    reviews articles about {specialty.lower()}.\n"
        )
    return "".join(parts)


def title_for(index, rng):
    """A unique title: every third article's is in CJK, Arabic or with emoji.

    Articles 1, 4, 7, 10... get them, so the first twelve give one to each
    kind and the first eight already hold all three scripts.
    """
    topic = TOPICS[index % len(TOPICS)]
    if index % 3 == 1:
        base = WORLD_TITLES[(index // 3) % len(WORLD_TITLES)]
    else:
        base = f"{topic[0]}: {rng.choice(TITLE_ENDINGS)}"
    # The number keeps every title, and so every share card, distinct.
    return f"{base} ({index + 1})"


def paragraph(rng, count, footnote=None):
    """A paragraph of `count` sentences, with an optional footnote reference."""
    sentences = [rng.choice(SENTENCES) for _ in range(count)]
    if footnote is not None:
        sentences[0] = sentences[0][:-1] + f".[^{footnote}]"
    if rng.random() < 0.15:
        sentences.append(rng.choice(WORLD_SENTENCES))
    return " ".join(sentences)


def table(rng):
    """A small Markdown table."""
    head = rng.choice(TABLES)
    rows = rng.sample(TABLE_ROWS, rng.randint(3, 5))
    lines = [f"| {head[0]} | {head[1]} |", "| --- | --- |"]
    lines += [f"| {a} | {b} |" for a, b in rows]
    return "\n".join(lines)


def words(text):
    """Words a reader sees in Markdown text: Markdown's own marks are not counted."""
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def sections(rng):
    """Endless body sections, one block at a time: heading, table, list, paragraphs."""
    headings = rng.sample(HEADINGS, len(HEADINGS))
    number = 0
    while True:
        number += 1
        yield f"## {headings[(number - 1) % len(headings)]}"
        yield paragraph(rng, rng.randint(2, 5), footnote=2 if number == 2 else None)
        if number == 1:
            yield table(rng)
        if number == 2:
            yield "\n".join(f"- {rng.choice(SENTENCES)}" for _ in range(rng.randint(3, 5)))
        yield paragraph(rng, rng.randint(2, 5))


def body(rng, kind):
    """The article's Markdown body, between MIN_WORDS and MAX_WORDS words.

    Blocks are added until a random target is reached; the target leaves room
    for the last block (at most about 120 words) and the closing callout,
    sources and footnotes (about 100), so the total stays within bounds.
    """
    target = rng.randint(MIN_WORDS + 50, MAX_WORDS - 250)
    blocks = []
    if kind == "story":
        blocks.append("*This patient asked us to share their story to encourage others. "
                      "We changed some details to protect their privacy.*")
    if kind == "question":
        blocks.append(f"**Short answer:** {rng.choice(SENTENCES)}")
    blocks.append(paragraph(rng, 4, footnote=1))
    more = sections(rng)
    # Footnote 2 is referenced in the second section, so there are always two.
    while sum(words(b) for b in blocks) < target or len(blocks) < 8:
        blocks.append(next(more))
    callout, text = rng.choice(CALLOUTS)
    blocks.append(f"!!! {callout}\n    {text}")
    blocks.append("## Sources")
    blocks.append("\n".join(f"- {label}. [{label.split('. ', 1)[1]}]({url})."
                            for label, url in rng.sample(SOURCES, rng.randint(2, 4))))
    notes = rng.sample(FOOTNOTES, 2)
    blocks.append(f"[^1]: {notes[0]}\n[^2]: {notes[1]}")
    return "\n\n".join(blocks) + "\n"


def header(index, kind, rng):
    """The article's header lines, valid for its kind."""
    topic = TOPICS[index % len(TOPICS)]
    published = FIRST_DATE + timedelta(days=(index * 7) % 900, hours=9)
    reviewed = min(published + timedelta(days=rng.randint(0, 120)), LAST_REVIEW)
    names = rng.sample(CLINICIANS, 2)
    tags = list(topic[1]) + [rng.choice(TOPICS)[1][0]]
    fields = [
        ("Title", title_for(index, rng)),
        ("Date", f"{published.isoformat()} 09:00"),
        ("Category", CATEGORIES[kind]),
        ("Tags", ", ".join(dict.fromkeys(tags))),
        ("Slug", f"{kind}-{index + 1:05d}-{topic[0].lower().replace(' ', '-')}"),
        ("Authors", names[0][0]),
        ("Summary", f"{topic[0]}: what our clinicians want you to know, in plain words. {rng.choice(SENTENCES)}"),
        ("Reviewed_by", names[1][0]),
        ("Reviewed_on", reviewed.isoformat()),
        # Reviews in the corpus are old; an overdue one is a warning, and the
        # corpus must build without any.
        ("Next_review", "2099-12-31"),
    ]
    if kind == "myth":
        claim = topic[2] if index % 5 else "🧪 " + topic[2]
        # The fact is a myth's headline: it keeps the title's scripts, which the cards are timed on.
        fields += [("Fact", fields[0][1][:FACT_MAX_CHARS].strip()),
                   ("Claim", claim[:CLAIM_MAX_CHARS]), ("Verdict", rng.choice(VERDICTS))]
    elif kind == "news":
        fields.append(("Source_url", rng.choice(SOURCES)[1]))
    elif kind == "story":
        given = published - timedelta(days=rng.randint(10, 60))
        expires = given.replace(year=given.year + CONSENT_YEARS)
        fields += [
            ("Consent", f"CR-{given.year}-{index % 997 + 1:03d}"),
            ("Consent_date", given.isoformat()),
            ("Consent_expires", expires.isoformat()),
            ("Consent_scope", "web, social, feeds"),
            ("Results_typical", "yes"),
        ]
    else:
        fields.append(("Question", topic[3]))
    return "\n".join(f"{key}: {value}" for key, value in fields)


def article(index, seed=SEED):
    """(relative path, Markdown text) of article number `index`."""
    kind = KIND_ORDER[index % len(KIND_ORDER)]
    # A string seed is hashed with SHA-512, so it is stable across runs and
    # unaffected by PYTHONHASHSEED.
    rng = random.Random(f"clinic-bench:{seed}:{index}")
    text = header(index, kind, rng) + "\n\n" + body(rng, kind)
    return f"{FOLDERS[kind]}/{kind}-{index + 1:05d}.md", text


def generate(site, n, seed=SEED):
    """Write a corpus of `n` articles into `site`/content; return the content folder."""
    content = Path(site) / "content"
    if content.exists():
        shutil.rmtree(content)
    content.mkdir(parents=True)
    (content / "clinicians.yml").write_text(clinicians_yaml(), encoding="utf-8")
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    for folder in FOLDERS.values():
        (content / folder).mkdir()
    for index in range(n):
        relative, text = article(index, seed)
        (content / relative).write_text(text, encoding="utf-8")
    return content


def retitle(content, index, suffix, seed=SEED):
    """Give article `index` its generated title plus `suffix`, as a clinician's edit would."""
    relative, text = article(index, seed)
    title, rest = text.split("\n", 1)
    # A myth shows its fact as the headline, so the edit reaches the fact too.
    fact = re.search(r"^Fact: (.*)$", rest, re.M)
    if fact:
        edited = f"{fact.group(1)[:FACT_MAX_CHARS - len(suffix) - 1].strip()} {suffix}"
        rest = rest[:fact.start(1)] + edited + rest[fact.end(1):]
    path = Path(content) / relative
    path.write_text(f"{title} {suffix}\n{rest}", encoding="utf-8")
    return path


def main(argv=None):
    """Write a corpus from the command line, e.g. to look at or build by hand."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="folder to write content/ into")
    parser.add_argument("-n", type=int, default=100, help="number of articles (100)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"corpus seed ({SEED})")
    args = parser.parse_args(argv)
    print(generate(args.site, args.n, args.seed))


if __name__ == "__main__":
    main()
