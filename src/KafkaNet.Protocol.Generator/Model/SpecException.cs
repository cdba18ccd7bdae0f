using System;

namespace KafkaNet.Protocol.Generator.Model;

/// <summary>A problem in a spec file, reported as a compiler diagnostic at <see cref="Line"/>.</summary>
internal sealed class SpecException : Exception
{
    public SpecException(string message, int line)
        : base(message)
    {
        Line = line;
    }

    public int Line { get; }
}
