/** A parsed CSV table: the header row plus one record per data row, keyed by column name. */
export interface CsvTable {
  columns: string[];
  rows: Record<string, string>[];
}

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). Labels files are small and
 * come from several sources, so a strict, dependency-free parser is enough.
 */
export function parseCsv(text: string): CsvTable {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const nonEmpty = records.filter((row) => row.some((cell) => cell.trim() !== ''));
  const columns = (nonEmpty[0] ?? []).map((name) => name.trim());
  const rows = nonEmpty.slice(1).map((cells) => Object.fromEntries(columns.map((name, i) => [name, (cells[i] ?? '').trim()])));
  return { columns, rows };
}
