//! Line-level boilerplate signals shared by the text and HTML cleaners.

use once_cell::sync::Lazy;
use regex::Regex;

/// What a boilerplate line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Comment form ("Leave a Reply"): everything after it is boilerplate.
    CommentForm,
    /// "Authors / Tags / Subscribe" footer: everything after it is boilerplate.
    Footer,
    /// A header announcing teasers ("You may also like"): teasers follow.
    RelatedHeader,
    /// Reporting/editing credits of a wire story.
    Credits,
    /// A single "Read also: …" link line.
    Related,
    /// Subscription call.
    Subscribe,
    /// Share bar.
    Share,
    /// Cookie notice.
    Cookie,
    /// Run-on promo block with repeated section labels.
    Promo,
    /// Short link-like line.
    Link,
    /// Photo caption or credit.
    Caption,
}

impl Kind {
    /// The `removed[].reason` of this kind.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            Kind::CommentForm => "comment-form",
            Kind::Footer => "footer",
            Kind::RelatedHeader | Kind::Related => "related",
            Kind::Subscribe => "subscribe",
            Kind::Share => "share",
            Kind::Cookie => "cookie-notice",
            Kind::Promo => "promo",
            Kind::Link => "link",
            Kind::Caption => "caption",
            Kind::Credits => "credits",
        }
    }

    /// True when everything after this line is boilerplate.
    pub(crate) fn ends_article(self) -> bool {
        matches!(self, Kind::CommentForm | Kind::Footer)
    }
}

fn re(s: &str) -> Regex {
    Regex::new(s).expect("valid regex")
}

static COMMENT_FORM: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^(?:leave a (?:reply|comment)|post a comment|add (?:a )?comment|write a comment|join the (?:conversation|discussion)|cancel reply|your email address will not be published|required fields are marked|save my name, email|please enter your (?:comment|name|email)|you must be logged in to post|log in to comment|оставьте комментарий|оставить комментарий|добавить комментарий|ваш адрес email не будет опубликован|обязательные поля помечены|введите ваш комментарий|введите ваше имя|hinterlasse einen kommentar|kommentar (?:schreiben|hinterlassen)|deine e-mail-adresse wird nicht veröffentlicht|ihre e-mail-adresse wird nicht veröffentlicht|laisser un commentaire|laissez un commentaire|votre adresse e-mail ne sera pas publiée|deja una respuesta|deja un comentario|tu dirección de correo electrónico no será publicada|dodaj komentarz|zostaw odpowiedź|twój adres e-mail nie zostanie opublikowany|lascia un commento|il tuo indirizzo email non sarà pubblicato)\b",
    )
});
static COMMENT_WORD: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^(?:\d+\s+)?(?:comments?|комментарии|kommentare|commentaires|comentarios|komentarze|commenti)(?:\s*\(\d+\))?\s*:?$",
    )
});
static FOOTER: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^(?:authors?\s+tags\b|tags?\s*:|теги\s*:|tagi\s*:|schlagwörter\s*:|all rights reserved|(?:©|\(c\)|copyright)\s*(?:\d{4}|.{0,80}rights reserved)|все права защищены|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|wszelkie prawa zastrzeżone)",
    )
});
static RELATED_HEADER: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^(?:you may also like|you might also like|you may be interested in|related(?: articles| news| stories| posts| content)?|read more|more (?:news|stories|from [\p{L} ]{1,30})|recommended(?: for you)?|most (?:read|popular|viewed)|popular(?: news| now)?|trending(?: now)?|latest news|top stories|editor'?s picks|читайте также|читайте ещё|читайте еще|смотрите также|похожие (?:новости|статьи)|рекомендуем|популярное|другие новости|lesen sie auch|mehr zum thema|das könnte sie auch interessieren|à lire aussi|lire aussi|voir aussi|sur le même sujet|lee también|te puede interesar|noticias relacionadas|czytaj (?:też|także|więcej)|zobacz (?:też|także)|polecane|najnowsze|leggi anche)\s*[:.!…]?$",
    )
});
static RELATED_LINE: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^(?:read (?:also|more|next)|see also|also read|related|watch|listen|читайте также|читайте ещё|читайте еще|смотрите также|по теме|lesen sie auch|mehr dazu|à lire aussi|lire aussi|voir aussi|lee también|ver también|czytaj (?:też|także)|zobacz (?:też|także)|leggi anche)\s*[:|—–-]\s*\S",
    )
});
static SUBSCRIBE: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)(?:^|\b)(?:subscribe (?:to|for|now|on)|sign up (?:for|to) (?:our|the)|newsletter|get (?:the latest )?news faster|follow us on|join us on|подпис(?:ывайтесь|аться|ка) на|подпишитесь|abonnieren sie|jetzt abonnieren|abonnez-vous|inscrivez-vous|suscríbete|suscribirse|subskrybuj|zapisz się|iscriviti)\b",
    )
});
static SHARE: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^(?:share(?: this)?(?: article| story| post| on \w+)?|share via|tweet|print|email|copy link|facebook|twitter|whatsapp|telegram|linkedin|поделиться|teilen|partager|compartir|udostępnij)(?:\s*[:|/,]?\s*(?:facebook|twitter|x|whatsapp|telegram|linkedin|email|e-mail|vk|print|copy link|reddit|pinterest))*\s*[:.!]?$",
    )
});
static COOKIE: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)(?:we use cookies|(?:this|our) (?:web)?site uses cookies|cookie (?:policy|settings|preferences)|accept (?:all )?cookies|используем (?:файлы )?cookie|wir verwenden cookies|nous utilisons des cookies|utilizamos cookies|używamy (?:plików )?cookies)",
    )
});
static CAPTION: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^(?:photo|photos|foto|фото|image|picture|illustration|credit|source: (?:getty|reuters|ap|afp)|getty images|shutterstock)\b\s*[:©/|-]?",
    )
});
static PROMO_START: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^(?:read on|читайте (?:в|на)|advertisement|реклама|anzeige|sponsored|publicité|publicidad|reklama)\b",
    )
});
static URLISH: Lazy<Regex> = Lazy::new(|| re(r"(?i)(?:https?://|www\.)\S+"));
static IMAGE_DEBRIS: Lazy<Regex> = Lazy::new(|| {
    re(
        r#"(?i)\s*(?:<img\b[^>]*>?|\S*\.(?:jpe?g|png|gif|webp|svg|avif)(?:\?\S*)?["”'»]?\s+(?:alt|title|width|height|class|src|srcset|data-\w+)\s*=\s*.*?(?:/?>|$)|(?:alt|title)\s*=\s*["”'][^"”']*["”']\s*/?>)"#,
    )
});

static CREDITS: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^\(?(?:reporting by|writing by|editing by|additional reporting by|compiled by|edited by|translated by|our standards:)",
    )
});
static BYLINE: Lazy<Regex> = Lazy::new(|| {
    re(
        r"^(?:By|BY|by|Von|Par|Por|Przez|Автор:?|Author:?)\s+(?P<names>\p{Lu}[\p{L}.'’\-]*(?:\s+\p{Lu}[\p{L}.'’\-]*){0,3}(?:\s*(?:,|and|&|und|et|y|i|и)\s*\p{Lu}[\p{L}.'’\-]*(?:\s+\p{Lu}[\p{L}.'’\-]*){0,3})*)(?P<rest>\s*(?:[,|•·—–-]\s*.*)?)$",
    )
});
/// Author names of a byline line (`By A and B, Correspondent`).
pub(crate) fn byline(line: &str) -> Option<Vec<String>> {
    if line.chars().count() > 120 {
        return None;
    }
    let c = BYLINE.captures(line)?;
    let names = c.name("names")?.as_str();
    let mut out = Vec::new();
    for part in names.split([',', '&']).flat_map(|p| p.split(" and ")) {
        let p = part.trim();
        let lower = p.to_lowercase();
        // Roles after the comma are not names.
        let role = [
            "correspondent",
            "editor",
            "reporter",
            "writer",
            "staff",
            "chief",
            "bureau",
        ]
        .iter()
        .any(|r| lower.contains(r));
        if !p.is_empty() && !role {
            out.push(p.to_string());
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Words of a line.
fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// True when the line ends like a sentence.
pub(crate) fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end();
    t.ends_with(['.', '!', '?', '"', '”', '»', '“', '\'', ')', ':', ';']) && !is_truncated(t)
}

/// True when the line ends in an ellipsis (a cut-off teaser).
pub(crate) fn is_truncated(line: &str) -> bool {
    let t = line.trim_end();
    t.ends_with('…') || (t.ends_with("...") && !t.ends_with("...."))
}

/// Splits trailing or embedded image/alt-attribute debris off a line.
/// Returns the cleaned line and the removed pieces.
pub(crate) fn strip_image_debris(line: &str) -> (String, Vec<String>) {
    if !IMAGE_DEBRIS.is_match(line) {
        return (line.to_string(), Vec::new());
    }
    let mut removed = Vec::new();
    let mut out = String::new();
    let mut last = 0;
    for m in IMAGE_DEBRIS.find_iter(line) {
        out.push_str(line.get(last..m.start()).unwrap_or(""));
        removed.push(m.as_str().trim().to_string());
        last = m.end();
    }
    out.push_str(line.get(last..).unwrap_or(""));
    (out.trim().to_string(), removed)
}

/// A line made only of share/social words, with at least two of them.
fn is_share_bar(line: &str) -> bool {
    const SOCIAL: [&str; 24] = [
        "share",
        "on",
        "by",
        "via",
        "this",
        "article",
        "story",
        "facebook",
        "x",
        "twitter",
        "whatsapp",
        "telegram",
        "email",
        "e-mail",
        "print",
        "copy",
        "link",
        "linkedin",
        "reddit",
        "vk",
        "pinterest",
        "mail",
        "tweet",
        "messenger",
    ];
    let toks: Vec<String> = line
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | ':' | '/' | ',' | '•' | '·'))
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect();
    let hits = toks
        .iter()
        .filter(|t| {
            [
                "share", "print", "tweet", "facebook", "twitter", "whatsapp", "email",
            ]
            .contains(&t.as_str())
        })
        .count();
    !toks.is_empty() && hits >= 2 && toks.iter().all(|t| SOCIAL.contains(&t.as_str()))
}

/// A run-on promo line: many repeats of one short capitalised label.
fn is_promo(line: &str) -> bool {
    let ws = words(line);
    if ws.len() < 12 {
        return PROMO_START.is_match(line) && ws.len() <= 6;
    }
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for w in &ws {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.chars().count() >= 2
            && w.chars().count() <= 12
            && w.chars().next().is_some_and(|c| c.is_uppercase())
        {
            *counts.entry(w).or_default() += 1;
        }
    }
    let top = counts.values().copied().max().unwrap_or(0);
    let labels = counts.values().filter(|&&c| c >= 3).count();
    (top >= 5 && top * 12 >= ws.len()) || (PROMO_START.is_match(line) && labels >= 2 && top >= 3)
}

/// A lone person-name-like line (photo caption between paragraphs).
pub(crate) fn is_lone_name(line: &str) -> bool {
    const NOT_NAMES: [&str; 24] = [
        "the", "of", "and", "in", "on", "for", "to", "a", "an", "with", "new", "what", "how",
        "why", "key", "main", "more", "top", "news", "live", "update", "updates", "points", "read",
    ];
    let ws = words(line);
    (2..=4).contains(&ws.len())
        && !ws
            .iter()
            .any(|w| NOT_NAMES.contains(&w.to_lowercase().as_str()))
        && line.chars().count() <= 40
        && ws.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(|c| c.is_uppercase())
                && cs.all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\'' | '’'))
        })
}

/// Classifies one (normalised) line, or `None` for content.
pub(crate) fn classify(line: &str) -> Option<Kind> {
    let len = line.chars().count();
    let nwords = words(line).len();
    if len < 160 && (COMMENT_FORM.is_match(line) || COMMENT_WORD.is_match(line)) {
        return Some(Kind::CommentForm);
    }
    if len < 200 && FOOTER.is_match(line) {
        return Some(Kind::Footer);
    }
    if len < 200 && CREDITS.is_match(line) {
        return Some(Kind::Credits);
    }
    if len < 60 && RELATED_HEADER.is_match(line) {
        return Some(Kind::RelatedHeader);
    }
    if len < 200 && RELATED_LINE.is_match(line) {
        return Some(Kind::Related);
    }
    if COOKIE
        .find(line)
        .is_some_and(|m| len < 300 || m.start() < 80)
        && len < 1500
    {
        return Some(Kind::Cookie);
    }
    if (len < 60 && SHARE.is_match(line)) || (len < 150 && is_share_bar(line)) {
        return Some(Kind::Share);
    }
    if is_promo(line) {
        return Some(Kind::Promo);
    }
    if len < 140 && SUBSCRIBE.is_match(line) && !ends_plain_sentence(line) {
        return Some(Kind::Subscribe);
    }
    if len < 120 && CAPTION.is_match(line) && nwords <= 12 {
        return Some(Kind::Caption);
    }
    if let Some(m) = URLISH.find(line) {
        if m.as_str().chars().count() * 2 >= len || (len < 50 && nwords <= 4) {
            return Some(Kind::Link);
        }
    }
    None
}

/// A line that ends with a full stop after a lower-case word: a real sentence.
fn ends_plain_sentence(line: &str) -> bool {
    line.ends_with('.') && words(line).len() >= 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boilerplate_lines_are_classified() {
        assert_eq!(classify("Leave a Reply"), Some(Kind::CommentForm));
        assert_eq!(
            classify("Your email address will not be published. Required fields are marked *"),
            Some(Kind::CommentForm)
        );
        assert_eq!(classify("Оставьте комментарий"), Some(Kind::CommentForm));
        assert_eq!(classify("You May Also Like"), Some(Kind::RelatedHeader));
        assert_eq!(
            classify("Read also: Ministers meet again"),
            Some(Kind::Related)
        );
        assert_eq!(
            classify("Authors Tags Subscribe to Daily Bugle channel Get news faster"),
            Some(Kind::Footer)
        );
        assert_eq!(
            classify("Read on Bugle Pro Pro How ports work Articles Pro Ten tips Cases Pro Why taxes rise Articles Pro Rules Instructions Pro Markets Articles"),
            Some(Kind::Promo)
        );
        assert_eq!(
            classify("The minister said the talks would resume on Monday."),
            None
        );
        assert_eq!(
            classify("Comments by the minister drew a sharp response from the opposition, which said the plan was rushed."),
            None
        );
    }

    #[test]
    fn image_debris_is_stripped_and_text_kept() {
        let (t, r) = strip_image_debris("The talks ended late .jpg” alt=”Talks ended” />");
        assert_eq!(t, "The talks ended late");
        assert_eq!(r.len(), 1);
        assert!(is_truncated("The ministry said that…"));
        assert!(is_lone_name("Anna Maria Kowalska"));
        assert!(!is_lone_name("The talks ended"));
        assert!(!is_lone_name("Key Points"));
    }
}
