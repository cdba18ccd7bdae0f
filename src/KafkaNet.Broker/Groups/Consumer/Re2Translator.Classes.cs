using System.Text;

namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>Character classes: bracketed classes, POSIX names, Perl and Unicode classes.</summary>
internal sealed partial class Re2Translator
{
    private static readonly Dictionary<string, (int Low, int High)[]> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = [('0', '9'), ('A', 'Z'), ('a', 'z')],
        ["alpha"] = [('A', 'Z'), ('a', 'z')],
        ["ascii"] = [(0, 0x7F)],
        ["blank"] = [('\t', '\t'), (' ', ' ')],
        ["cntrl"] = [(0, 0x1F), (0x7F, 0x7F)],
        ["digit"] = [('0', '9')],
        ["graph"] = [('!', '~')],
        ["lower"] = [('a', 'z')],
        ["print"] = [(' ', '~')],
        ["punct"] = [('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        ["space"] = [('\t', '\r'), (' ', ' ')],
        ["upper"] = [('A', 'Z')],
        ["word"] = [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')],
        ["xdigit"] = [('0', '9'), ('A', 'F'), ('a', 'f')],
    };

    private static readonly (int Low, int High)[] Digits = [('0', '9')];
    private static readonly (int Low, int High)[] Spaces = [('\t', '\n'), ('\f', '\r'), (' ', ' ')];
    private static readonly (int Low, int High)[] WordChars = [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];

    // The general categories RE2 knows; anything else after \p is a script or a .NET block name.
    private static readonly HashSet<string> UnicodeCategories = new(StringComparer.Ordinal)
    {
        "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn",
        "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps",
        "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs",
    };

    private void Class()
    {
        _pos++;
        _out.Append('[');
        if (Peek() == '^')
        {
            _out.Append('^');
            _pos++;
        }
        var first = true;
        while (true)
        {
            if (!More)
            {
                throw Error("missing closing ]");
            }
            if (Peek() == ']' && !first)
            {
                _pos++;
                _out.Append(']');
                return;
            }
            first = false;
            if (Peek() == '[' && Peek(1) == ':' && TryPosixClass())
            {
                continue;
            }
            var low = ClassAtom();
            if (low.CodePoint > 0xFFFF)
            {
                throw Error("characters outside the Basic Multilingual Plane are not supported in character classes");
            }
            if (low.Set is not null)
            {
                _out.Append(low.Set);
                continue;
            }
            if (Peek() == '-' && _pos + 1 < _pattern.Length && Peek(1) != ']')
            {
                _pos++;
                var high = ClassAtom();
                if (high.Set is not null || high.CodePoint < low.CodePoint || high.CodePoint > 0xFFFF)
                {
                    throw Error("invalid character class range");
                }
                _out.Append(CodeUnit(low.CodePoint)).Append('-').Append(CodeUnit(high.CodePoint));
            }
            else
            {
                _out.Append(CodeUnit(low.CodePoint));
            }
        }
    }

    private bool TryPosixClass()
    {
        var end = _pattern.IndexOf(":]", _pos + 2, StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }
        var name = _pattern[(_pos + 2)..end];
        var negated = name.StartsWith('^');
        if (!PosixClasses.TryGetValue(negated ? name[1..] : name, out var ranges))
        {
            throw Error($"invalid character class range `[:{name}:]`");
        }
        _out.Append(Ranges(negated ? Complement(ranges) : ranges));
        _pos = end + 2;
        return true;
    }

    private Atom ClassAtom()
    {
        if (Peek() == '\\')
        {
            return Escape(inClass: true);
        }
        return new Atom(CodePoint(inClass: true), null);
    }

    private static Atom PerlClass((int Low, int High)[] ranges, bool negated, bool inClass)
    {
        if (inClass)
        {
            return new Atom(-1, Ranges(negated ? Complement(ranges) : ranges));
        }
        return new Atom(-1, (negated ? "[^" : "[") + Ranges(ranges) + "]");
    }

    private Atom UnicodeClass(bool negated, bool inClass)
    {
        string name;
        if (Peek() == '{')
        {
            var end = _pattern.IndexOf('}', _pos);
            if (end < 0)
            {
                throw Error("invalid character class range `\\p{`");
            }
            name = _pattern[(_pos + 1)..end];
            _pos = end + 1;
            if (name.StartsWith('^'))
            {
                negated = !negated;
                name = name[1..];
            }
        }
        else if (More && char.IsAsciiLetter(Peek()))
        {
            name = _pattern[_pos++].ToString();
        }
        else
        {
            throw Error("invalid character class range `\\p`");
        }

        if (name == "Any")
        {
            // Any code point; its complement is empty.
            return inClass
                ? new Atom(-1, negated ? "" : @"\u0000-\uFFFF")
                : new Atom(-1, negated ? @"[^\u0000-\uFFFF]" : @"[\u0000-\uFFFF]");
        }
        if (!UnicodeCategories.Contains(name))
        {
            throw Error($"unsupported Unicode class `{name}` (only general categories and Any)");
        }
        return new Atom(-1, (negated ? @"\P{" : @"\p{") + name + "}");
    }

    private static (int Low, int High)[] Complement((int Low, int High)[] ranges)
    {
        var result = new List<(int, int)>();
        var next = 0;
        foreach (var (low, high) in ranges)
        {
            if (low > next)
            {
                result.Add((next, low - 1));
            }
            next = high + 1;
        }
        if (next <= 0xFFFF)
        {
            result.Add((next, 0xFFFF));
        }
        return [.. result];
    }

    private static string Ranges((int Low, int High)[] ranges)
    {
        var text = new StringBuilder();
        foreach (var (low, high) in ranges)
        {
            text.Append(CodeUnit(low));
            if (high != low)
            {
                text.Append('-').Append(CodeUnit(high));
            }
        }
        return text.ToString();
    }
}
