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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads WeCom's flat callback XML ({@code <xml><Name>value</Name>...</xml>}) into a map, refusing
 * DTDs outright: no entity can be expanded and no external resource fetched (XXE).
 */
final class CallbackXml {

    private static final DocumentBuilderFactory FACTORY = secureFactory();

    private CallbackXml() {
    }

    /** Top-level elements and their text (CDATA or plain); nested elements keep their text content. */
    static Map<String, String> parse(String xml) {
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
            Map<String, String> out = new LinkedHashMap<>();
            NodeList children = root.getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                Node n = children.item(i);
                if (n.getNodeType() == Node.ELEMENT_NODE) {
                    out.putIfAbsent(n.getNodeName(), n.getTextContent().trim());
                }
            }
            return Collections.unmodifiableMap(out);
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
