"""Reading LKjIP documents (PDF, Word, text) into a draft delivery: layout → tables →
extract → draft."""
