/// What is wrong with one entry of a batch, found against the database: the entry's index in the
/// batch, the field and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub index: usize,
    pub field: wushe_domain::Field,
    pub reason: wushe_domain::Reason,
}

/// `($1, $2, …), ($k+1, …)`: the VALUES list of a multi-row insert of `rows` rows of `width`
/// binds each.
pub fn placeholders(rows: usize, width: usize) -> String {
    let mut out = String::with_capacity(rows * width * 5);
    for row in 0..rows {
        if row > 0 {
            out.push_str(", ");
        }
        out.push('(');
        for col in 1..=width {
            if col > 1 {
                out.push_str(", ");
            }
            out.push('$');
            out.push_str(&(row * width + col).to_string());
        }
        out.push(')');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_number_every_bind() {
        assert_eq!(super::placeholders(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(super::placeholders(0, 3), "");
    }
}
