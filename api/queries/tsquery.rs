//! A stemmed tsquery, as PostgreSQL prints it, made smaller without changing what it matches.
//!
//! Widening a word for Swedish (see [`super::search::swedish_tsquery`]) gives an OR of its forms,
//! and after stemming several of them are often the same prefix or a longer one under a shorter
//! (`ungdomar` gives `'ungdom':* | 'ung':* | 'ungdom':* | …`). PostgreSQL keeps every one: the GIN
//! index scans each prefix again, each row is tested against each, and the planner multiplies
//! their selectivities into an estimate of most of the table (and then reads all of it). Within
//! each OR, an operand another one already matches is dropped.

/// An operand: a lexeme, whether it matches as a prefix, and the weights it is limited to.
#[derive(Debug, Clone, PartialEq)]
struct Operand {
    lexeme: String,
    prefix: bool,
    weights: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Operand(Operand),
    Not(Box<Node>),
    /// `&`, `|`, or a phrase operator (`<->`, `<N>`), as printed.
    Binary(String, Box<Node>, Box<Node>),
}

fn priority(op: &str) -> u8 {
    match op {
        "|" => 1,
        "&" => 2,
        _ => 3,
    }
}

/// The same query without operands that another operand of the same OR already matches. A text
/// this module does not read is returned as it was (it is PostgreSQL's own, so still valid).
pub fn simplified(text: &str) -> String {
    let tokens = match tokens(text) {
        Some(t) if !t.is_empty() => t,
        _ => return text.to_owned(),
    };
    let mut p = Parser { tokens, at: 0 };
    match p.or() {
        Some(node) if p.at == p.tokens.len() => render(&simplify(node)),
        _ => text.to_owned(),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Operand(Operand),
    Op(String),
    Not,
    Open,
    Close,
}

fn tokens(text: &str) -> Option<Vec<Token>> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' => {}
            '(' => out.push(Token::Open),
            ')' => out.push(Token::Close),
            '!' => out.push(Token::Not),
            '&' | '|' => out.push(Token::Op(c.to_string())),
            '<' => {
                let mut op = String::from('<');
                for c in chars.by_ref() {
                    op.push(c);
                    if c == '>' {
                        break;
                    }
                }
                let inner = &op[1..op.len().saturating_sub(1)];
                let ok = op.ends_with('>')
                    && (inner == "-" || inner.chars().all(|c| c.is_ascii_digit()));
                if !ok || inner.is_empty() {
                    return None;
                }
                out.push(Token::Op(op));
            }
            '\'' => {
                let mut lexeme = String::new();
                loop {
                    match chars.next()? {
                        '\'' if chars.peek() == Some(&'\'') => {
                            chars.next();
                            lexeme.push('\'');
                        }
                        '\'' => break,
                        '\\' => lexeme.push(chars.next()?),
                        c => lexeme.push(c),
                    }
                }
                let (mut prefix, mut weights) = (false, String::new());
                if chars.peek() == Some(&':') {
                    chars.next();
                    while let Some(&c) = chars.peek() {
                        match c {
                            '*' => prefix = true,
                            'A' | 'B' | 'C' | 'D' => weights.push(c),
                            _ => break,
                        }
                        chars.next();
                    }
                }
                out.push(Token::Operand(Operand {
                    lexeme,
                    prefix,
                    weights,
                }));
            }
            _ => return None,
        }
    }
    Some(out)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn next_op(&self, level: u8) -> Option<String> {
        match self.tokens.get(self.at) {
            Some(Token::Op(op)) if priority(op) == level => Some(op.clone()),
            _ => None,
        }
    }

    /// Left-associative binary operators of one priority, over the next higher one.
    fn binary(&mut self, level: u8) -> Option<Node> {
        let mut left = if level == 3 {
            self.unary()?
        } else {
            self.binary(level + 1)?
        };
        while let Some(op) = self.next_op(level) {
            self.at += 1;
            let right = if level == 3 {
                self.unary()?
            } else {
                self.binary(level + 1)?
            };
            left = Node::Binary(op, Box::new(left), Box::new(right));
        }
        Some(left)
    }

    fn or(&mut self) -> Option<Node> {
        self.binary(1)
    }

    fn unary(&mut self) -> Option<Node> {
        let token = self.tokens.get(self.at)?.clone();
        self.at += 1;
        match token {
            Token::Not => Some(Node::Not(Box::new(self.unary()?))),
            Token::Open => {
                let inner = self.or()?;
                (self.tokens.get(self.at) == Some(&Token::Close)).then(|| self.at += 1)?;
                Some(inner)
            }
            Token::Operand(o) => Some(Node::Operand(o)),
            _ => None,
        }
    }
}

/// Whether every lexeme `b` matches is also matched by `a`.
fn covers(a: &Operand, b: &Operand) -> bool {
    a.weights.is_empty()
        && (if a.prefix {
            b.lexeme.starts_with(&a.lexeme)
        } else {
            !b.prefix && a.lexeme == b.lexeme
        })
}

fn simplify(node: Node) -> Node {
    match node {
        Node::Operand(_) => node,
        Node::Not(inner) => Node::Not(Box::new(simplify(*inner))),
        Node::Binary(op, l, r) if op == "|" => {
            let mut children = Vec::new();
            flatten_or(Node::Binary(op, l, r), &mut children);
            let children: Vec<Node> = children.into_iter().map(simplify).collect();
            let operand = |n: &Node| match n {
                Node::Operand(o) => Some(o.clone()),
                _ => None,
            };
            let kept: Vec<Node> = children
                .iter()
                .enumerate()
                .filter(|(i, n)| {
                    let Some(b) = operand(n) else { return true };
                    !children.iter().enumerate().any(|(j, m)| {
                        // Of two that cover each other (the same operand twice) the first stays.
                        operand(m).is_some_and(|a| {
                            j != *i && covers(&a, &b) && (j < *i || !covers(&b, &a))
                        })
                    })
                })
                .map(|(_, n)| n.clone())
                .collect();
            kept.into_iter()
                .reduce(|l, r| Node::Binary("|".into(), Box::new(l), Box::new(r)))
                .expect("an OR keeps at least one operand")
        }
        Node::Binary(op, l, r) => Node::Binary(op, Box::new(simplify(*l)), Box::new(simplify(*r))),
    }
}

fn flatten_or(node: Node, out: &mut Vec<Node>) {
    match node {
        Node::Binary(op, l, r) if op == "|" => {
            flatten_or(*l, out);
            flatten_or(*r, out);
        }
        other => out.push(other),
    }
}

fn render(node: &Node) -> String {
    match node {
        Node::Operand(o) => {
            let escaped = o.lexeme.replace('\\', "\\\\").replace('\'', "''");
            let mut s = format!("'{escaped}'");
            if o.prefix || !o.weights.is_empty() {
                s.push(':');
                if o.prefix {
                    s.push('*');
                }
                s.push_str(&o.weights);
            }
            s
        }
        Node::Not(inner) => match **inner {
            Node::Operand(_) | Node::Not(_) => format!("!{}", render(inner)),
            _ => format!("!( {} )", render(inner)),
        },
        Node::Binary(op, l, r) => {
            // An operand needs no parentheses, nor a child under the same `&` or `|`; every other
            // child gets them, so that the grouping is never left to precedence.
            let side = |n: &Node| match n {
                Node::Operand(_) | Node::Not(_) => render(n),
                Node::Binary(o, ..) if o == op && priority(op) < 3 => render(n),
                _ => format!("( {} )", render(n)),
            };
            format!("{} {op} {}", side(l), side(r))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::simplified;

    #[test]
    fn drops_operands_another_of_the_same_or_matches() {
        assert_eq!(
            simplified("'ungdom':* | 'ung':* | 'ungdom':* | 'ungdom':* | 'ungdom':*"),
            "'ung':*"
        );
        assert_eq!(simplified("'polis':* | 'polis':*"), "'polis':*");
        assert_eq!(simplified("'hus':* | 'hus'"), "'hus':*");
        assert_eq!(simplified("'brott' | 'brott'"), "'brott'");
        // An exact operand does not cover a longer word, nor a prefix one its own prefix.
        assert_eq!(simplified("'hus' | 'husen':*"), "'hus' | 'husen':*");
        assert_eq!(simplified("'hus':* | 'hu'"), "'hus':* | 'hu'");
    }

    #[test]
    fn keeps_the_rest_of_the_query() {
        assert_eq!(
            simplified("( 'flick':* | 'flicka':* ) & !'trafik':*"),
            "'flick':* & !'trafik':*"
        );
        assert_eq!(
            simplified("( 'a':* | 'b' ) & ( 'c' | 'cd':* | 'c':* )"),
            "( 'a':* | 'b' ) & 'c':*"
        );
        assert_eq!(
            simplified("( 'ung':* | 'ungdom':* ) <-> 'polis':*"),
            "'ung':* <-> 'polis':*"
        );
        assert_eq!(simplified("'a' <2> ( 'b' & 'c' )"), "'a' <2> ( 'b' & 'c' )");
        assert_eq!(simplified("!( 'a' | 'a' )"), "!'a'");
        assert_eq!(simplified("!( 'a' | 'b' )"), "!( 'a' | 'b' )");
        // Weighted operands are left alone, apart from an unweighted one covering them.
        assert_eq!(simplified("'a':*B | 'ab':A"), "'a':*B | 'ab':A");
        assert_eq!(simplified("'a':* | 'ab':A"), "'a':*");
        assert_eq!(
            simplified("'it''s' | 'back\\\\slash'"),
            "'it''s' | 'back\\\\slash'"
        );
    }

    #[test]
    fn leaves_what_it_does_not_read() {
        assert_eq!(simplified(""), "");
        assert_eq!(simplified("'a' & "), "'a' & ");
        assert_eq!(simplified("'a' ? 'b'"), "'a' ? 'b'");
    }
}
