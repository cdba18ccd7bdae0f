using System.Globalization;
using System.Text;

namespace KafkaNet.Server.Configuration;

/// <summary>
/// Reads the java.util.Properties text format that Kafka's server.properties uses:
/// <c>key=value</c>, <c>key: value</c> and <c>key value</c>; <c>#</c> and <c>!</c> comment lines;
/// a trailing backslash continues a line; escapes <c>\t \n \r \f \\ \uXXXX</c>, and any other
/// escaped character (such as <c>\=</c>, <c>\:</c> or <c>\ </c>) stands for itself.
/// </summary>
/// <remarks>
/// Files are read as UTF-8 rather than Java's ISO-8859-1; the two agree on ASCII, and \uXXXX escapes
/// work in both. As in Java, a key given twice keeps its last value and trailing whitespace of a value
/// is kept (typed properties trim it when they are parsed).
/// </remarks>
public static class JavaPropertiesParser
{
    /// <summary>Reads and parses a properties file.</summary>
    /// <exception cref="ConfigException">The file is missing or unreadable, or malformed.</exception>
    public static Dictionary<string, string> ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ConfigException($"Properties file '{path}' does not exist.");
        }

        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"Cannot read properties file '{path}': {e.Message}", e);
        }

        try
        {
            return Parse(text);
        }
        catch (ConfigException e)
        {
            throw new ConfigException($"Properties file '{path}': {e.Message}", e);
        }
    }

    /// <summary>Parses properties text; keys keep their first-seen order.</summary>
    /// <exception cref="ConfigException">A \u escape is malformed.</exception>
    public static Dictionary<string, string> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new LineReader(text);
        while (reader.ReadLogicalLine() is { } line)
        {
            var (key, value) = SplitKeyValue(line, reader.LineNumber);
            result[key] = value;
        }

        return result;
    }

    private static (string Key, string Value) SplitKeyValue(string line, int lineNumber)
    {
        // The key ends at the first unescaped '=', ':' or whitespace.
        var keyEnd = 0;
        while (keyEnd < line.Length)
        {
            var c = line[keyEnd];
            if (c == '\\')
            {
                keyEnd += 2;
                continue;
            }

            if (c is '=' or ':' || IsWhitespace(c))
            {
                break;
            }

            keyEnd++;
        }

        keyEnd = Math.Min(keyEnd, line.Length);

        // Whitespace, then at most one '=' or ':', then whitespace, separate key from value.
        var valueStart = SkipWhitespace(line, keyEnd);
        if (valueStart < line.Length && line[valueStart] is '=' or ':')
        {
            valueStart = SkipWhitespace(line, valueStart + 1);
        }

        return (Unescape(line.AsSpan(0, keyEnd), lineNumber), Unescape(line.AsSpan(valueStart), lineNumber));
    }

    private static int SkipWhitespace(string line, int index)
    {
        while (index < line.Length && IsWhitespace(line[index]))
        {
            index++;
        }

        return index;
    }

    private static string Unescape(ReadOnlySpan<char> raw, int lineNumber)
    {
        if (!raw.Contains('\\'))
        {
            return raw.ToString();
        }

        var sb = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (i + 1 == raw.Length)
            {
                break; // A dangling backslash (continuation on the last line) stands for nothing.
            }

            c = raw[++i];
            switch (c)
            {
                case 't': sb.Append('\t'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 'f': sb.Append('\f'); break;
                case 'u':
                    if (i + 4 >= raw.Length
                        || !ushort.TryParse(raw.Slice(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw new ConfigException($"Malformed \\uXXXX escape on line {lineNumber}.");
                    }

                    sb.Append((char)code);
                    i += 4;
                    break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }

    internal static bool IsWhitespace(char c) => c is ' ' or '\t' or '\f';

    /// <summary>Joins natural lines into logical lines, dropping blanks and comments.</summary>
    private sealed class LineReader(string text)
    {
        private int _position;
        private int _naturalLine;

        /// <summary>The natural line number (1-based) where the last logical line started.</summary>
        public int LineNumber { get; private set; }

        public string? ReadLogicalLine()
        {
            while (ReadNaturalLine() is { } first)
            {
                LineNumber = _naturalLine;
                var start = SkipWhitespace(first, 0);
                if (start == first.Length || first[start] is '#' or '!')
                {
                    continue; // Blank or comment; comments never continue onto the next line.
                }

                var logical = new StringBuilder();
                var current = first[start..];
                while (EndsWithContinuation(current))
                {
                    logical.Append(current, 0, current.Length - 1);
                    if (ReadNaturalLine() is not { } next)
                    {
                        return logical.ToString();
                    }

                    current = next[SkipWhitespace(next, 0)..];
                }

                return logical.Append(current).ToString();
            }

            return null;
        }

        // An odd number of trailing backslashes means the last one escapes the line break.
        private static bool EndsWithContinuation(string line)
        {
            var count = 0;
            for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
            {
                count++;
            }

            return count % 2 == 1;
        }

        // Lines end at \n, \r or \r\n, as in Java.
        private string? ReadNaturalLine()
        {
            if (_position >= text.Length)
            {
                return null;
            }

            var start = _position;
            var end = text.IndexOfAny(['\r', '\n'], start);
            if (end < 0)
            {
                _position = text.Length;
            }
            else
            {
                _position = end + 1;
                if (text[end] == '\r' && _position < text.Length && text[_position] == '\n')
                {
                    _position++;
                }
            }

            _naturalLine++;
            return end < 0 ? text[start..] : text[start..end];
        }
    }
}
