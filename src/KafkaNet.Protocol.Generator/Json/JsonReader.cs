using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace KafkaNet.Protocol.Generator.Json;

/// <summary>
/// A small strict JSON parser. Generators run inside the compiler and cannot carry
/// System.Text.Json with them, so spec files are read with this instead.
/// Objects become ordered lists of key/value pairs, arrays become lists, numbers stay as text.
/// </summary>
internal sealed class JsonReader
{
    private readonly string _text;
    private int _pos;

    private JsonReader(string text) => _text = text;

    public static JsonValue Parse(string text)
    {
        var reader = new JsonReader(text);
        reader.SkipWhitespace();
        var value = reader.ReadValue();
        reader.SkipWhitespace();
        if (reader._pos != text.Length)
        {
            throw reader.Error("unexpected text after the JSON value");
        }
        return value;
    }

    private JsonValue ReadValue()
    {
        if (_pos >= _text.Length)
        {
            throw Error("unexpected end of input");
        }
        char c = _text[_pos];
        switch (c)
        {
            case '{': return ReadObject();
            case '[': return ReadArray();
            case '"': return new JsonValue(JsonKind.String, ReadString(), Line);
            case 't': Expect("true"); return new JsonValue(JsonKind.True, "true", Line);
            case 'f': Expect("false"); return new JsonValue(JsonKind.False, "false", Line);
            case 'n': Expect("null"); return new JsonValue(JsonKind.Null, null, Line);
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return ReadNumber();
                }
                throw Error("unexpected character '" + c + "'");
        }
    }

    private JsonValue ReadObject()
    {
        int line = Line;
        _pos++;
        var members = new List<KeyValuePair<string, JsonValue>>();
        SkipWhitespace();
        if (Peek() == '}')
        {
            _pos++;
            return new JsonValue(members, line);
        }
        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"')
            {
                throw Error("expected a property name");
            }
            string key = ReadString();
            SkipWhitespace();
            if (Peek() != ':')
            {
                throw Error("expected ':'");
            }
            _pos++;
            SkipWhitespace();
            members.Add(new KeyValuePair<string, JsonValue>(key, ReadValue()));
            SkipWhitespace();
            char c = Peek();
            _pos++;
            if (c == '}')
            {
                return new JsonValue(members, line);
            }
            if (c != ',')
            {
                throw Error("expected ',' or '}'");
            }
        }
    }

    private JsonValue ReadArray()
    {
        int line = Line;
        _pos++;
        var items = new List<JsonValue>();
        SkipWhitespace();
        if (Peek() == ']')
        {
            _pos++;
            return new JsonValue(items, line);
        }
        while (true)
        {
            SkipWhitespace();
            items.Add(ReadValue());
            SkipWhitespace();
            char c = Peek();
            _pos++;
            if (c == ']')
            {
                return new JsonValue(items, line);
            }
            if (c != ',')
            {
                throw Error("expected ',' or ']'");
            }
        }
    }

    private string ReadString()
    {
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("unterminated string");
            }
            char c = _text[_pos++];
            if (c == '"')
            {
                return sb.ToString();
            }
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (_pos >= _text.Length)
            {
                throw Error("unterminated escape");
            }
            char e = _text[_pos++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (_pos + 4 > _text.Length)
                    {
                        throw Error("truncated \\u escape");
                    }
                    sb.Append((char)int.Parse(_text.Substring(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    _pos += 4;
                    break;
                default: throw Error("unknown escape \\" + e);
            }
        }
    }

    private JsonValue ReadNumber()
    {
        int start = _pos;
        while (_pos < _text.Length && "+-0123456789.eE".IndexOf(_text[_pos]) >= 0)
        {
            _pos++;
        }
        return new JsonValue(JsonKind.Number, _text.Substring(start, _pos - start), Line);
    }

    private void Expect(string word)
    {
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
        {
            throw Error("expected '" + word + "'");
        }
        _pos += word.Length;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private int Line
    {
        get
        {
            int line = 1;
            for (int i = 0; i < _pos && i < _text.Length; i++)
            {
                if (_text[i] == '\n')
                {
                    line++;
                }
            }
            return line;
        }
    }

    private FormatException Error(string message) => new FormatException("line " + Line + ": " + message);
}
