using System.Text.RegularExpressions;

namespace KafkaNet.Cli.Tests.Output;

/// <summary>
/// Masks the values of the named fields of a command's JSON output with '#' (ids, times, offsets that move), keeping
/// the layout for golden comparison. Only a number or a string is masked: a value of another kind (null, an object)
/// still fails the comparison.
/// </summary>
internal static class JsonMask
{
    public static string Mask(string json, params string[] fields)
    {
        var names = string.Join('|', fields.Select(Regex.Escape));
        return Regex.Replace(json, $"(\"(?:{names})\": )(?:-?\\d+|\"[^\"]*\")", "$1#");
    }
}
