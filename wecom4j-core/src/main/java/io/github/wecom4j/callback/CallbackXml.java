package io.github.wecom4j.callback;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads WeCom's callback XML ({@code <xml><Name>value</Name>...</xml>}) into a map, refusing
 * DTDs outright: no entity can be expanded and no external resource fetched (XXE). Most elements
 * are flat; a few events nest (SelectedItems, ScanCodeInfo, BatchJob, ApprovalInfo, ExtAttr), and
 * for those the map holds the element's inner markup so that nothing WeCom sent is lost.
 */
final class CallbackXml {

    private static final DocumentBuilderFactory FACTORY = secureFactory();

    private CallbackXml() {
    }

    /**
     * Top-level elements: a leaf's text ({@link #leafText}); for an element with child elements,
     * its inner markup in a canonical form ({@link #markup}), readable again with
     * {@link #parseTree}.
     */
    static Map<String, String> parse(String xml) {
        Element root = document(xml);
        Map<String, String> out = new LinkedHashMap<>();
        for (Element child : elements(root)) {
            boolean nested = hasElementChildren(child);
            if (nested && TEXT_ONLY.contains(child.getNodeName())) {
                throw new CallbackException(CallbackException.PARSE_XML, "<" + child.getNodeName()
                        + "> holds elements; WeCom sends it as text (markup in a message arrives escaped or as CDATA)");
            }
            out.putIfAbsent(child.getNodeName(), nested ? innerMarkup(child) : leafText(child));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Elements WeCom always sends as plain text (doc 90239, 90240): markup inside one is not
     * WeCom's, and reading it as a nested element would store something other than what was sent.
     */
    private static final java.util.Set<String> TEXT_ONLY = java.util.Set.of("ToUserName", "FromUserName", "CreateTime",
            "MsgType", "Content", "MsgId", "AgentID", "Event", "EventKey", "PicUrl", "MediaId", "Format", "ThumbMediaId",
            "Title", "Description", "Url", "Location_X", "Location_Y", "Scale", "Label", "ChangeType", "UserID");

    /**
     * A leaf's text: a CDATA section exactly as sent (a member's message may begin or end with
     * spaces or line breaks, and WeCom wraps every string in CDATA); plain text, trimmed (layout
     * around a number or an id is not part of it).
     */
    private static String leafText(Element e) {
        return hasCdata(e) ? cdataText(e) : e.getTextContent().trim();
    }

    /** The CDATA sections' text joined (WeCom splits none, but "]]>" in a value needs two), without the layout around them. */
    private static String cdataText(Element e) {
        StringBuilder out = new StringBuilder();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.CDATA_SECTION_NODE) {
                out.append(n.getNodeValue());
            }
        }
        return out.toString();
    }

    /** The whole document as a tree, for the typed events that read nested elements. */
    static CallbackXmlElement parseTree(String xml) {
        return tree(document(xml));
    }

    private static CallbackXmlElement tree(Element e) {
        List<Element> children = elements(e);
        if (children.isEmpty()) {
            return new CallbackXmlElement(e.getNodeName(), leafText(e), List.of());
        }
        List<CallbackXmlElement> nested = new ArrayList<>(children.size());
        for (Element child : children) {
            nested.add(tree(child));
        }
        return new CallbackXmlElement(e.getNodeName(), "", nested);
    }

    private static List<Element> elements(Element parent) {
        List<Element> out = new ArrayList<>();
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child) {
                out.add(child);
            }
        }
        return out;
    }

    private static boolean hasElementChildren(Element e) {
        return !elements(e).isEmpty();
    }

    /** Child elements only (whitespace between them dropped), leaf text escaped: one canonical form. */
    private static String innerMarkup(Element e) {
        refuseMixedContent(e);
        StringBuilder out = new StringBuilder();
        for (Element child : elements(e)) {
            markup(child, out);
        }
        return out.toString();
    }

    private static void markup(Element e, StringBuilder out) {
        out.append('<').append(e.getNodeName()).append('>');
        if (hasElementChildren(e)) {
            refuseMixedContent(e);
            for (Element child : elements(e)) {
                markup(child, out);
            }
        } else if (hasCdata(e)) {
            // kept exactly, as a top-level leaf is: a scanned code or an approval comment may begin
            // or end with spaces or a line break, which plain text in the canonical form would lose
            out.append("<![CDATA[").append(cdataText(e).replace("]]>", "]]]]><![CDATA[>")).append("]]>");
        } else {
            escape(e.getTextContent().trim(), out);
        }
        out.append("</").append(e.getNodeName()).append('>');
    }

    private static boolean hasCdata(Element e) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.CDATA_SECTION_NODE) {
                return true;
            }
        }
        return false;
    }

    /**
     * Text beside child elements ({@code <A>text<B>x</B></A>}) would be dropped by the canonical
     * form; WeCom's nested events never mix them, so such a document is refused, not shortened.
     */
    private static void refuseMixedContent(Element e) {
        NodeList children = e.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof org.w3c.dom.CharacterData text && !(children.item(i) instanceof org.w3c.dom.Comment)
                    && !text.getData().isBlank()) {
                throw new CallbackException(CallbackException.PARSE_XML, "<" + e.getNodeName() + "> mixes text and elements");
            }
        }
    }

    private static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
    }

    private static Element document(String xml) {
        if (xml == null || xml.isBlank()) {
            throw new CallbackException(CallbackException.PARSE_XML, "empty body");
        }
        try {
            DocumentBuilder builder;
            synchronized (FACTORY) {
                builder = FACTORY.newDocumentBuilder();
            }
            // Not the JDK's default handler, which prints the (attacker-supplied) input to stderr.
            builder.setErrorHandler(new org.xml.sax.ErrorHandler() {
                @Override
                public void warning(org.xml.sax.SAXParseException e) {
                }

                @Override
                public void error(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                    throw e;
                }

                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                    throw e;
                }
            });
            Document doc = builder.parse(new InputSource(new StringReader(xml)));
            Element root = doc.getDocumentElement();
            if (!"xml".equals(root.getNodeName())) {
                throw new CallbackException(CallbackException.PARSE_XML, "root element must be <xml>");
            }
            return root;
        } catch (CallbackException e) {
            throw e;
        } catch (Exception e) {
            throw new CallbackException(CallbackException.PARSE_XML, "not well-formed XML or a DTD was present");
        }
    }

    private static DocumentBuilderFactory secureFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("the XML parser cannot be made safe", e);
        }
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        return f;
    }
}
