using System.Linq.Expressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace VendorRisk.LoadTests.Generator;

/// <summary>
/// Inserts entities into their table with one prepared, parameterised <c>INSERT</c> reused for every row. Table,
/// columns and value conversions (enum names, DateTimeOffset as a sortable number, decimals) come from the app's
/// own EF Core model, so a row written here is exactly what <c>SaveChanges</c> would have written, at a fraction
/// of the cost (no change tracking, no per-row statement).
/// </summary>
internal sealed class TableWriter : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly Column[] _columns;

    private sealed record Column(Func<object, object?> Get, ValueConverter? Converter, SqliteParameter Parameter, bool IsTenantId);

    public TableWriter(SqliteConnection connection, IEntityType entityType)
    {
        var table = entityType.GetTableName() ?? throw new InvalidOperationException($"{entityType.DisplayName()} has no table.");
        var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
        var columns = new List<Column>();
        var names = new List<string>();
        _command = connection.CreateCommand();
        foreach (var property in entityType.GetProperties())
        {
            if (property.IsShadowProperty())
                throw new InvalidOperationException($"{entityType.DisplayName()}.{property.Name} is a shadow property: the writer cannot read it.");
            var name = property.GetColumnName(store) ?? property.Name;
            var parameter = _command.CreateParameter();
            parameter.ParameterName = "@p" + names.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _command.Parameters.Add(parameter);
            names.Add(name);
            columns.Add(new Column(Getter(entityType.ClrType, property), property.GetTypeMapping().Converter, parameter,
                property.Name == "TenantId"));
        }
        _columns = [.. columns];
        _command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", names.Select(n => $"\"{n}\""))}) VALUES ({string.Join(", ", _columns.Select(c => c.Parameter.ParameterName))})";
        Table = table;
    }

    public string Table { get; }

    public long Rows { get; private set; }

    public SqliteTransaction? Transaction
    {
        set => _command.Transaction = value;
    }

    /// <summary>Writes one row; a tenant-owned entity not yet stamped gets <paramref name="tenantId"/>, as SaveChanges would.</summary>
    public void Insert(object entity, Guid tenantId)
    {
        foreach (var column in _columns)
        {
            var value = column.Get(entity);
            if (column.IsTenantId && value is Guid g && g == Guid.Empty) value = tenantId;
            if (value is not null && column.Converter is not null) value = column.Converter.ConvertToProvider(value);
            // EF Core's SQLite provider stores GUIDs as upper-case text.
            if (value is Guid guid) value = guid.ToString().ToUpperInvariant();
            column.Parameter.Value = value ?? DBNull.Value;
        }
        _command.ExecuteNonQuery();
        Rows++;
    }

    public void Dispose() => _command.Dispose();

    private static Func<object, object?> Getter(Type clrType, IProperty property)
    {
        var entity = Expression.Parameter(typeof(object), "entity");
        var typed = Expression.Convert(entity, clrType);
        Expression member = property.PropertyInfo is { } info ? Expression.Property(typed, info)
            : property.FieldInfo is { } field ? Expression.Field(typed, field)
            : throw new InvalidOperationException($"{property.Name} has neither a property nor a field.");
        return Expression.Lambda<Func<object, object?>>(Expression.Convert(member, typeof(object)), entity).Compile();
    }
}

/// <summary>
/// Deterministic ids. Domain factories create time-ordered version 7 GUIDs from the real clock; the generator replaces
/// them (through the private setter) with version 7 GUIDs built from a counter and a seeded random, so two runs with the
/// same seed produce the same database and rows still arrive in index order.
/// </summary>
internal sealed class IdSource(int seed, DateTimeOffset origin)
{
    private readonly Random _random = new(seed);
    private readonly long _originMs = origin.ToUnixTimeMilliseconds();
    private long _counter;

    public Guid Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        var ms = _originMs + _counter++;
        for (var i = 0; i < 6; i++) bytes[i] = (byte)(ms >> (8 * (5 - i)));
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}

/// <summary>Compiled setters for the private <c>Guid</c> properties the generator rewrites (ids and the foreign keys to them).</summary>
internal static class GuidSetter
{
    private static readonly Dictionary<(Type, string), Action<object, Guid>> Cache = [];

    public static void Set(object entity, string property, Guid value)
    {
        var key = (entity.GetType(), property);
        if (!Cache.TryGetValue(key, out var setter))
        {
            var info = key.Item1.GetProperty(property) ?? throw new InvalidOperationException($"{key.Item1.Name}.{property} not found.");
            var setMethod = info.GetSetMethod(nonPublic: true) ?? throw new InvalidOperationException($"{key.Item1.Name}.{property} has no setter.");
            var target = Expression.Parameter(typeof(object), "entity");
            var guid = Expression.Parameter(typeof(Guid), "value");
            setter = Expression.Lambda<Action<object, Guid>>(
                Expression.Call(Expression.Convert(target, key.Item1), setMethod, guid), target, guid).Compile();
            Cache[key] = setter;
        }
        setter(entity, value);
    }
}
