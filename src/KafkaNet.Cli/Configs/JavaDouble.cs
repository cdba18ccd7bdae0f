using System.Globalization;

namespace KafkaNet.Cli.Configs;

/// <summary>
/// A double written as Java's Double.toString writes it, which Kafka's tool prints quota values with: the shortest
/// digits that read back, with ".0" on whole numbers ("1048576.0"), and computerized scientific notation below 10^-3
/// and from 10^7 on ("1.048576E7").
/// </summary>
internal static class JavaDouble
{
    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }
        string sign = value < 0 ? "-" : "";
        double magnitude = Math.Abs(value);
        var (digits, exponent) = ShortestDigits(magnitude);
        if (magnitude >= 1e-3 && magnitude < 1e7)
        {
            // exponent: the power of ten of the first digit.
            string plain = exponent >= 0
                ? digits.PadRight(exponent + 1, '0').Insert(exponent + 1, ".")
                : "0." + new string('0', -exponent - 1) + digits;
            return sign + (plain.EndsWith('.') ? plain + "0" : plain);
        }
        string mantissa = digits.Length == 1 ? digits + ".0" : digits.Insert(1, ".");
        return $"{sign}{mantissa}E{exponent.ToString(CultureInfo.InvariantCulture)}";
    }

    // The round-trip digits without leading or trailing zeros, and the power of ten of the first one.
    private static (string Digits, int Exponent) ShortestDigits(double magnitude)
    {
        string shortest = magnitude.ToString("R", CultureInfo.InvariantCulture);
        int e = shortest.IndexOf('E', StringComparison.Ordinal);
        string mantissa = e < 0 ? shortest : shortest[..e];
        int exponentOffset = e < 0 ? 0 : int.Parse(shortest[(e + 1)..], CultureInfo.InvariantCulture);
        int point = mantissa.IndexOf('.', StringComparison.Ordinal);
        string all = mantissa.Replace(".", "", StringComparison.Ordinal);
        int integerDigits = point < 0 ? mantissa.Length : point;
        int leadingZeros = all.Length - all.TrimStart('0').Length;
        string digits = all.Trim('0');
        return (digits.Length == 0 ? "0" : digits, integerDigits - 1 - leadingZeros + exponentOffset);
    }
}
