using System.Text;

namespace KafkaNet.Protocol.Generator.Emit;

/// <summary>An indenting text builder for generated C#.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _sb = new StringBuilder();
    private int _indent;

    public void Line(string text = "")
    {
        if (text.Length > 0)
        {
            _sb.Append(' ', _indent * 4);
        }
        _sb.Append(text).Append('\n');
    }

    public void Open(string text)
    {
        Line(text);
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    public override string ToString() => _sb.ToString();
}
