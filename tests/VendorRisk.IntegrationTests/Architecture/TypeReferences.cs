using Mono.Cecil;
using Mono.Cecil.Cil;

namespace VendorRisk.IntegrationTests.Architecture;

/// <summary>One type of an assembly using another: by signature, attribute, base type, or an instruction in a method body.</summary>
/// <param name="From">The using type's top-level declaring type (closures and state machines count as the method that made them).</param>
/// <param name="FromView">For a compiled Razor view or page, its file, e.g. <c>/Pages/Vendors/Index.cshtml</c>.</param>
public sealed record TypeReference(string From, string FromNamespace, string? FromView, string To, string ToNamespace);

/// <summary>A method called (or whose address is taken) by a type's code.</summary>
public sealed record MethodCall(string From, string DeclaringType, string Method);

/// <summary>Reads which types an assembly's code uses, from its IL (Mono.Cecil), so a rule sees what the compiler emitted.</summary>
public static class TypeReferences
{
    public static IReadOnlyList<TypeReference> Of(System.Reflection.Assembly assembly)
    {
        using var module = ModuleDefinition.ReadModule(assembly.Location);
        var found = new HashSet<TypeReference>();
        foreach (var type in module.GetTypes())
        {
            var owner = type;
            while (owner.DeclaringType is not null) owner = owner.DeclaringType;
            var view = ViewOf(owner);
            void Add(Mono.Cecil.TypeReference? used)
            {
                foreach (var t in Unwrap(used))
                {
                    var top = t;
                    while (top.DeclaringType is not null) top = top.DeclaringType;
                    if (top.FullName != owner.FullName)
                        found.Add(new TypeReference(owner.FullName, owner.Namespace, view, top.FullName, top.Namespace));
                }
            }

            Add(type.BaseType);
            foreach (var i in type.Interfaces) Add(i.InterfaceType);
            foreach (var a in type.CustomAttributes) AddAttribute(a, Add);
            foreach (var f in type.Fields) { Add(f.FieldType); foreach (var a in f.CustomAttributes) AddAttribute(a, Add); }
            foreach (var p in type.Properties) { Add(p.PropertyType); foreach (var a in p.CustomAttributes) AddAttribute(a, Add); }
            foreach (var e in type.Events) Add(e.EventType);
            foreach (var m in type.Methods)
            {
                Add(m.ReturnType);
                foreach (var a in m.CustomAttributes) AddAttribute(a, Add);
                foreach (var p in m.Parameters) { Add(p.ParameterType); foreach (var a in p.CustomAttributes) AddAttribute(a, Add); }
                if (!m.HasBody) continue;
                foreach (var v in m.Body.Variables) Add(v.VariableType);
                foreach (var instruction in m.Body.Instructions) AddOperand(instruction, Add);
            }
        }
        return [.. found];
    }

    /// <summary>Every method call in the assembly's method bodies, by the calling top-level type.</summary>
    public static IReadOnlyList<MethodCall> CallsOf(System.Reflection.Assembly assembly)
    {
        using var module = ModuleDefinition.ReadModule(assembly.Location);
        var found = new HashSet<MethodCall>();
        foreach (var type in module.GetTypes())
        {
            var owner = type;
            while (owner.DeclaringType is not null) owner = owner.DeclaringType;
            foreach (var m in type.Methods.Where(m => m.HasBody))
                foreach (var instruction in m.Body.Instructions)
                    if (instruction.Operand is MethodReference called)
                        found.Add(new MethodCall(owner.FullName, called.DeclaringType.GetElementType().FullName, called.Name));
        }
        return [.. found];
    }

    private static void AddOperand(Instruction instruction, Action<Mono.Cecil.TypeReference?> add)
    {
        switch (instruction.Operand)
        {
            case Mono.Cecil.TypeReference t:
                add(t);
                break;
            case MethodReference m:
                add(m.DeclaringType);
                add(m.ReturnType);
                foreach (var p in m.Parameters) add(p.ParameterType);
                if (m is GenericInstanceMethod g) foreach (var a in g.GenericArguments) add(a);
                break;
            case FieldReference f:
                add(f.DeclaringType);
                add(f.FieldType);
                break;
        }
    }

    private static void AddAttribute(CustomAttribute attribute, Action<Mono.Cecil.TypeReference?> add)
    {
        add(attribute.AttributeType);
        foreach (var argument in attribute.ConstructorArguments)
            if (argument.Value is Mono.Cecil.TypeReference t) add(t);
    }

    private static IEnumerable<Mono.Cecil.TypeReference> Unwrap(Mono.Cecil.TypeReference? type)
    {
        if (type is null || type is GenericParameter) yield break;
        switch (type)
        {
            case GenericInstanceType g:
                foreach (var t in Unwrap(g.ElementType)) yield return t;
                foreach (var a in g.GenericArguments)
                    foreach (var t in Unwrap(a)) yield return t;
                break;
            case TypeSpecification spec:
                foreach (var t in Unwrap(spec.ElementType)) yield return t;
                break;
            default:
                yield return type;
                break;
        }
    }

    /// <summary>The .cshtml file a compiled Razor type was generated from (its <c>RazorCompiledItemMetadata("Identifier", path)</c>).</summary>
    private static string? ViewOf(TypeDefinition type) => type.CustomAttributes
        .Where(a => a.AttributeType.Name == "RazorCompiledItemMetadataAttribute" && a.ConstructorArguments.Count == 2
            && a.ConstructorArguments[0].Value as string == "Identifier")
        .Select(a => a.ConstructorArguments[1].Value as string)
        .FirstOrDefault();
}
