using System.Globalization;
using System.Text;

namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// Rewrites an RE2 pattern (the syntax Kafka accepts in SubscribedTopicRegex) into an equivalent
/// .NET pattern, refusing what RE2 refuses and what .NET would read differently. RE2-only syntax
/// is rewritten: <c>(?P&lt;name&gt;</c>, <c>\Q..\E</c>, <c>\x{..}</c>, octal escapes, <c>\pL</c>,
/// POSIX classes and the ungreedy flag (which cannot change a whole-string match). Perl classes
/// are ASCII as in RE2. Constructs .NET has and RE2 lacks are errors: <c>\Z</c>, <c>\G</c>,
/// backreferences, lookarounds, atomic groups, possessive quantifiers, comments, the x and n flags,
/// Unicode blocks and scripts. Character classes are emitted with escaped members so .NET never
/// sees class subtraction. <c>$</c> and <c>.</c> keep .NET's meaning, which differs from RE2's only
/// around newlines, and topic names have none.
/// </summary>
internal sealed partial class Re2Translator
{
    private const int MaxRepeat = 1000;

    private readonly string _pattern;
    private readonly StringBuilder _out = new();
    private int _pos;

    private Re2Translator(string pattern) => _pattern = pattern;

    /// <summary>The .NET pattern for an RE2 pattern.</summary>
    /// <exception cref="FormatException">The pattern is not valid RE2, or has no .NET equivalent.</exception>
    public static string Translate(string pattern)
    {
        var translator = new Re2Translator(pattern);
        translator.Run();
        return translator._out.ToString();
    }

    private bool More => _pos < _pattern.Length;

    private char Peek(int ahead = 0) => _pos + ahead < _pattern.Length ? _pattern[_pos + ahead] : '\0';

    private static FormatException Error(string message) => new(message);

    private void Run()
    {
        // 0: nothing to repeat; 1: an atom; 2: a quantifier; 3: a lazy quantifier.
        var last = 0;
        var depth = 0;
        while (More)
        {
            var c = _pattern[_pos];
            switch (c)
            {
                case '\\':
                    _out.Append(Escape(inClass: false).Outside());
                    last = 1;
                    break;
                case '[':
                    Class();
                    last = 1;
                    break;
                case '(':
                    depth += GroupOpen() ? 1 : 0;
                    last = 0;
                    break;
                case ')':
                    if (--depth < 0)
                    {
                        throw Error("unexpected )");
                    }
                    _out.Append(')');
                    _pos++;
                    last = 1;
                    break;
                case '*' or '+' or '?':
                    last = Quantifier(last, c.ToString(), 1);
                    break;
                case '{' when RepeatLength() is var length and > 0:
                    last = Quantifier(last, _pattern.Substring(_pos, length), length);
                    break;
                case '{':
                    _out.Append(@"\{");
                    _pos++;
                    last = 1;
                    break;
                case '|':
                    _out.Append('|');
                    _pos++;
                    last = 0;
                    break;
                default:
                    _out.Append(Literal(c));
                    last = 1;
                    break;
            }
        }
        if (depth > 0)
        {
            throw Error("missing closing )");
        }
    }

    private int Quantifier(int last, string text, int length)
    {
        if (last == 2 && text == "+")
        {
            throw Error("possessive quantifiers are not supported");
        }
        if (last == 2 && text == "?")
        {
            _out.Append('?');
            _pos++;
            return 3;
        }
        if (last >= 2)
        {
            throw Error($"invalid nested repetition operator `{text}`");
        }
        if (last == 0)
        {
            throw Error($"missing argument to repetition operator `{text}`");
        }
        _out.Append(text);
        _pos += length;
        return 2;
    }

    // The length of a {n}, {n,} or {n,m} repetition at the cursor, 0 when the brace is a literal.
    private int RepeatLength()
    {
        var end = _pattern.IndexOf('}', _pos);
        if (end < 0)
        {
            return 0;
        }
        var body = _pattern.AsSpan(_pos + 1, end - _pos - 1);
        var comma = body.IndexOf(',');
        var minText = comma < 0 ? body : body[..comma];
        var maxText = comma < 0 ? body : body[(comma + 1)..];
        if (!TryRepeatCount(minText, out var min) || (comma >= 0 && maxText.Length > 0 && !TryRepeatCount(maxText, out _)))
        {
            return 0;
        }
        var max = comma < 0 ? min : maxText.Length == 0 ? -1 : int.Parse(maxText, CultureInfo.InvariantCulture);
        if (min > MaxRepeat || max > MaxRepeat || (max >= 0 && min > max))
        {
            throw Error($"invalid repeat count `{_pattern[_pos..(end + 1)]}`");
        }
        return end - _pos + 1;
    }

    // RE2 reads a count as digits without a leading zero; anything else leaves the brace literal.
    private static bool TryRepeatCount(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 8 || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        value = int.Parse(text, CultureInfo.InvariantCulture);
        return true;
    }

    // Returns whether a group opened: a bare flag setting such as (?i) opens none.
    private bool GroupOpen()
    {
        if (Peek(1) != '?')
        {
            _out.Append('(');
            _pos++;
            return true;
        }
        if (Peek(2) == 'P' && Peek(3) == '<')
        {
            _pos += 4;
            NamedGroup();
            return true;
        }
        if (Peek(2) == '<' && Peek(3) is not ('=' or '!'))
        {
            _pos += 3;
            NamedGroup();
            return true;
        }
        _pos += 2;
        return Flags();
    }

    private void NamedGroup()
    {
        var end = _pattern.IndexOf('>', _pos);
        if (end < 0)
        {
            throw Error("invalid named capture");
        }
        var name = _pattern[_pos..end];
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw Error($"invalid named capture `{name}`");
        }
        _out.Append("(?<").Append(name).Append('>');
        _pos = end + 1;
    }

    // (?flags) or (?flags:...) with RE2's flags i, m, s and U; U is dropped (see the class comment).
    private bool Flags()
    {
        var flags = new StringBuilder();
        var sawFlag = false;
        var negated = false;
        while (More)
        {
            var c = _pattern[_pos++];
            switch (c)
            {
                case 'i' or 'm' or 's':
                    flags.Append(c);
                    sawFlag = true;
                    break;
                case 'U':
                    sawFlag = true;
                    break;
                case '-' when !negated:
                    negated = true;
                    sawFlag = false;
                    flags.Append('-');
                    break;
                case ':' or ')':
                    if (negated && !sawFlag)
                    {
                        throw Error("invalid or unsupported Perl syntax: missing flag after `-`");
                    }
                    if (c == ')' && flags.Length == 0 && !sawFlag)
                    {
                        throw Error("missing argument to repetition operator `(?)`");
                    }
                    var text = flags.ToString().TrimEnd('-');
                    if (c == ':' || text.Length > 0)
                    {
                        _out.Append("(?").Append(text).Append(c);
                    }
                    return c == ':';
                default:
                    throw Error("invalid or unsupported Perl syntax (lookarounds, atomic groups, comments and conditionals are not RE2)");
            }
        }
        throw Error("missing closing )");
    }

    private int CodePoint(bool inClass)
    {
        var c = _pattern[_pos];
        if (!char.IsSurrogate(c))
        {
            _pos++;
            return c;
        }
        if (char.IsHighSurrogate(c) && char.IsLowSurrogate(Peek(1)))
        {
            if (inClass)
            {
                throw Error("characters outside the Basic Multilingual Plane are not supported in character classes");
            }
            _pos += 2;
            return char.ConvertToUtf32(c, _pattern[_pos - 1]);
        }
        throw Error("invalid UTF-16 in pattern");
    }

    private string Literal(char c)
    {
        if (char.IsSurrogate(c))
        {
            // Group a surrogate pair so that a quantifier repeats the whole character.
            return "(?:" + char.ConvertFromUtf32(CodePoint(inClass: false)) + ")";
        }
        _pos++;
        return c.ToString();
    }

    private Atom Escape(bool inClass)
    {
        if (_pos + 1 >= _pattern.Length)
        {
            throw Error("trailing backslash at end of expression");
        }
        var c = _pattern[_pos + 1];
        _pos += 2;
        switch (c)
        {
            case >= '1' and <= '7' when !IsOctal(Peek()):
            case '8' or '9':
                throw Error("backreferences are not supported");
            case >= '0' and <= '7':
                return new Atom(Octal(c), null);
            case 'x':
                return new Atom(Hex(), null);
            case 'a':
                return new Atom(7, null);
            case 'f':
                return new Atom('\f', null);
            case 't':
                return new Atom('\t', null);
            case 'n':
                return new Atom('\n', null);
            case 'r':
                return new Atom('\r', null);
            case 'v':
                return new Atom('\v', null);
            case 'A' or 'z' or 'b' or 'B' when !inClass:
                return new Atom(-1, "\\" + c);
            case 'd' or 'D':
                return PerlClass(Digits, c == 'D', inClass);
            case 's' or 'S':
                return PerlClass(Spaces, c == 'S', inClass);
            case 'w' or 'W':
                return PerlClass(WordChars, c == 'W', inClass);
            case 'p' or 'P':
                return UnicodeClass(c == 'P', inClass);
            case 'Q' when !inClass:
                return new Atom(-1, QuotedLiteral());
            case 'Z':
                throw Error("\\Z is not supported; use \\z");
            case < '\u0080' when !char.IsAsciiLetterOrDigit(c):
                return new Atom(c, null);
            default:
                throw Error($"invalid escape sequence `\\{c}`");
        }
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';

    private int Octal(char first)
    {
        var value = first - '0';
        for (var i = 0; i < 2 && IsOctal(Peek()); i++)
        {
            value = (value * 8) + (_pattern[_pos++] - '0');
        }
        return value;
    }

    private int Hex()
    {
        if (Peek() == '{')
        {
            var end = _pattern.IndexOf('}', _pos);
            var digits = end < 0 ? "" : _pattern[(_pos + 1)..end].TrimStart('0');
            if (end < 0 || end == _pos + 1 || digits.Length > 6 || !digits.All(char.IsAsciiHexDigit))
            {
                throw Error("invalid escape sequence `\\x{`");
            }
            var value = digits.Length == 0 ? 0 : int.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (value > 0x10FFFF)
            {
                throw Error("invalid escape sequence `\\x{`");
            }
            _pos = end + 1;
            return value;
        }
        if (!char.IsAsciiHexDigit(Peek()) || !char.IsAsciiHexDigit(Peek(1)))
        {
            throw Error("invalid escape sequence `\\x`");
        }
        var code = int.Parse(_pattern.AsSpan(_pos, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        _pos += 2;
        return code;
    }

    private string QuotedLiteral()
    {
        var end = _pattern.IndexOf(@"\E", _pos, StringComparison.Ordinal);
        var text = end < 0 ? _pattern[_pos..] : _pattern[_pos..end];
        _pos = end < 0 ? _pattern.Length : end + 2;
        // Unwrapped, so that a quantifier after \E repeats only the last character, as in RE2.
        var literal = new StringBuilder();
        foreach (var c in text)
        {
            literal.Append(CodeUnit(c));
        }
        return literal.ToString();
    }

    private static string CodeUnit(int value) => "\\u" + value.ToString("X4", CultureInfo.InvariantCulture);

    // An escape either stands for one code point or for a piece of .NET pattern (a class or an assertion).
    private readonly record struct Atom(int CodePoint, string? Set)
    {
        public string Outside()
        {
            if (Set is not null)
            {
                return Set;
            }
            return CodePoint <= 0xFFFF ? CodeUnit(CodePoint) : "(?:" + char.ConvertFromUtf32(CodePoint) + ")";
        }
    }
}
