using System.Text;

namespace KafkaNet.Cli.Output;

/// <summary>
/// A plain table for terminals and golden tests: a header row, then one row per item, each column padded to its widest
/// cell and separated by two spaces; no trailing spaces.
/// </summary>
internal sealed class TextTable
{
    private const string Gap = "  ";
    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    public TextTable(params string[] headers)
    {
        _headers = headers;
    }

    public int RowCount => _rows.Count;

    public TextTable Add(params string[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"A row has {_headers.Length} cells, not {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    /// <summary>The lines joined by '\n', without a final newline.</summary>
    public override string ToString()
    {
        var widths = _headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in _rows.Prepend(_headers))
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            var line = new StringBuilder();
            for (int i = 0; i < row.Length; i++)
            {
                line.Append(i == 0 ? string.Empty : Gap).Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i]));
            }

            text.Append(line.ToString().TrimEnd());
        }

        return text.ToString();
    }
}
