using VendorRisk.Domain.Vendors;

namespace VendorRisk.Web.Pages.Shared;

/// <summary>Words people read for the kinds of vendor document (vendor page and risk profile).</summary>
public static class DocumentLabels
{
    public static string Of(VendorDocumentKind kind) => kind switch
    {
        VendorDocumentKind.Iso27001Certificate => "ISO/IEC 27001 certificate",
        VendorDocumentKind.Iso42001Certificate => "ISO/IEC 42001 certificate",
        VendorDocumentKind.Soc2Type1Report => "SOC 2 Type I report",
        VendorDocumentKind.Soc2Type2Report => "SOC 2 Type II report",
        VendorDocumentKind.PenetrationTestReport => "Penetration test report",
        VendorDocumentKind.DataProcessingAgreement => "Data processing agreement",
        _ => "Other document",
    };
}
